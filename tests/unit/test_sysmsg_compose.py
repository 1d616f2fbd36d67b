"""管理工具 → 系统消息 (4.1): what an administrator types, checked (domain.sysmsg)."""

from __future__ import annotations

import pytest

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.sysmsg import Link, compose, parse_links


def test_links_are_read_from_the_content() -> None:
    assert parse_links("见 [手册|https://h.example/a?b=1|0] 与 [登录|http://h/x|1]，[备注] 不是链接") == (
        Link("手册", "https://h.example/a?b=1", 0), Link("登录", "http://h/x", 1))


@pytest.mark.parametrize(("content", "code"), [
    ("[a|https://h/]", "sysmsg_link_malformed"),
    ("[|https://h/|1]", "sysmsg_link_malformed"),
    ("[a|https://h/|1|2]", "sysmsg_link_malformed"),
    ("[a|javascript:alert(1)|1]", "sysmsg_link_url_invalid"),
    ("[a|https://|1]", "sysmsg_link_url_invalid"),
    ("[a|https://h/x y|1]", "sysmsg_link_url_invalid"),
    ("[a|https://h/|yes]", "sysmsg_link_action_invalid"),
])
def test_bad_links_are_refused_with_a_code(content: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        compose("t", content, online_only=False, display=None)
    assert err.value.code == code


def test_bounds() -> None:
    assert compose(" t ", " c ", online_only=True, display=None).body == {
        "title": "t", "popDuration": 0, "msg": [{"text": {"content": "c"}}]}
    assert compose("t", "c", online_only=False, display=6).display == 6
    assert compose("t", "c", online_only=False, display=3600).display == 3600
    for title, content, display, code in (("t", "c", 5, "sysmsg_display_range"), ("t", "c", 3601, "sysmsg_display_range"),
                                          ("", "c", None, "sysmsg_title_required"),
                                          ("x" * 191, "c", None, "sysmsg_title_too_long"),
                                          ("t", " ", None, "sysmsg_content_required"),
                                          ("t", "x" * 2001, None, "sysmsg_content_too_long")):
        with pytest.raises(ValidationError) as err:
            compose(title, content, online_only=False, display=display)
        assert err.value.code == code
