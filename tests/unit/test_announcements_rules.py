"""通知公告's pure rules: the 状态 codes, the limits on titles, bodies and category names."""

from __future__ import annotations

import pytest

from youdu_console.domain.errors import ValidationError
from youdu_console.services.announcements import (
    AnnouncementView,
    normalize_body,
    normalize_category,
    normalize_title,
)


def _view(recipients: int, read: int, recalled: bool = False) -> AnnouncementView:
    return AnnouncementView(1, "", "t", "b", "root", "2026-01-01T00:00:00Z", False, recalled, recipients, read, True,
                            (), (), 1)


@pytest.mark.parametrize(("recipients", "read", "recalled", "status", "unread"), [
    (51, 1, False, "partly_read", 50), (9, 0, False, "none_read", 9), (8, 8, False, "all_read", 0),
    (8, 3, True, "recalled", 5),
])
def test_status_follows_the_manuals_column(recipients: int, read: int, recalled: bool, status: str,
                                           unread: int) -> None:
    view = _view(recipients, read, recalled)
    assert (view.status, view.unread) == (status, unread)
    assert view.to_json()["status"] == status and view.to_json()["audience"]["all"] is True


def test_limits_and_cleaning() -> None:
    assert normalize_title("  端午节\u3000放假  ") == "端午节 放假"
    assert normalize_body("第一行\r\n第二行\n") == "第一行\n第二行"
    assert normalize_category(" 放假公告 ") == "放假公告"
    for fn, value, code in ((normalize_title, "x" * 65, "announcement_title_invalid"),
                            (normalize_title, "  ", "announcement_title_invalid"),
                            (normalize_body, "x" * 5001, "announcement_body_invalid"),
                            (normalize_category, "所有公告", "announcement_category_invalid"),
                            (normalize_category, "x" * 17, "announcement_category_invalid")):
        with pytest.raises(ValidationError) as refused:
            fn(value)
        assert refused.value.code == code
    assert len(normalize_title("题" * 64)) == 64 and len(normalize_body("x" * 5000)) == 5000
