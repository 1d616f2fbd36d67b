"""敏感信息保护 (manual 5.6.2) as a table of cases: mask (显示星号) and block (消息拦截), overlapping words,
full-width/half-width and letter-case variants — and the file-transfer size parser (5.4.3)."""

from __future__ import annotations

import pytest

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.settings import get_setting
from youdu_console.policy.textfilter import Automaton, TextFilter, fold
from youdu_console.policy.transfer import parse_size

WORDS = ["工资", "工资条", "资条", "奖金", "ABC", "he", "she", "hers", "ＱＱ群"]

# (case, mode, text, delivered text, allowed, words found)
CASES = [
    ("no sensitive word: the text is delivered as typed", "mask", "今天开会", "今天开会", True, ()),
    # 显示星号：敏感词会自动显示为*号
    ("a word becomes one * per character", "mask", "我的工资很低", "我的**很低", True, ("工资",)),
    ("every occurrence is masked", "mask", "工资和工资", "**和**", True, ("工资",)),
    ("overlapping words mask their union", "mask", "工资条款", "***款", True, ("工资", "工资条", "资条")),
    ("a word inside another and a suffix of it", "mask", "ushers", "u*****", True, ("she", "he", "hers")),
    ("adjacent words", "mask", "工资奖金", "****", True, ("工资", "奖金")),
    ("full-width letters match a half-width word", "mask", "看ａｂｃ", "看***", True, ("ABC",)),
    ("letter case does not matter", "mask", "aBc and AbC", "*** and ***", True, ("ABC",)),
    ("a full-width word matches half-width text", "mask", "加qq群吧", "加***吧", True, ("ＱＱ群",)),
    ("the masked text keeps the typed characters around the word", "mask", "Ｘ工资Ｙ", "Ｘ**Ｙ", True, ("工资",)),
    # 消息拦截：检测到敏感词，发送消息时弹框提示不予发送
    ("block refuses the message and names the words", "block", "发奖金", "发奖金", False, ("奖金",)),
    ("block with variants", "block", "ＡＢＣ", "ＡＢＣ", False, ("ABC",)),
    ("block lets a clean message through", "block", "good day", "good day", True, ()),
]


@pytest.mark.parametrize(("mode", "text", "delivered", "allowed", "found"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_sensitive_words_table(mode: str, text: str, delivered: str, allowed: bool, found: tuple[str, ...]) -> None:
    answer = TextFilter(WORDS, mode).apply(text)
    assert (answer.text, answer.allowed) == (delivered, allowed)
    assert set(answer.words) == set(found)


def test_switched_off_or_empty_lists_deliver_everything() -> None:
    assert TextFilter(WORDS, "block", enabled=False).apply("工资").allowed
    assert TextFilter([], "mask").apply("工资").text == "工资"


def test_folding_keeps_positions_and_merges_duplicate_words() -> None:
    assert len(fold("ＡＢＣ　ｘ工资İ")) == len("ＡＢＣ　ｘ工资İ")
    assert fold("ＡＢＣ　Ｚ") == "abc z"
    automaton = Automaton(["ABC", "abc", "ＡＢＣ", " 工资 "])
    assert len(automaton) == 2
    assert automaton.matches("xabcx工资") == [(1, 4), (5, 7)]


def test_one_pass_finds_every_occurrence_of_many_words() -> None:
    words = [f"w{i}x" for i in range(2000)] + ["w1"]
    automaton = Automaton(words)
    text = "w1x w19x w1999x"
    found = sorted(automaton.matches(text))
    assert found == [(0, 2), (0, 3), (4, 6), (4, 8), (9, 11), (9, 15)]


def test_the_word_list_refuses_empty_and_overlong_words() -> None:
    setting = get_setting("sensitive.words")
    assert setting.parse("工资, 奖金，ＱＱ群") == ["工资", "奖金", "ＱＱ群"]
    for bad in ("工资,,奖金", "工资,", ["工资", " "], "x" * 51):
        with pytest.raises(ValidationError) as info:
            setting.parse(bad)
        assert info.value.code in ("setting_list_empty_item", "setting_invalid")
    with pytest.raises(ValidationError) as empty:
        setting.parse("工资,,奖金")
    assert empty.value.code == "setting_list_empty_item" and empty.value.params["index"] == 2


@pytest.mark.parametrize(("text", "size"), [("0", 0), ("1048576", 1 << 20), ("512K", 512 << 10), ("20M", 20 << 20),
                                            ("1.5G", 3 << 29), ("2gb", 2 << 30), (" 7 MiB ", 7 << 20)])
def test_file_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "-1", "1x", "M", "1.2.3"])
def test_bad_file_sizes_are_coded(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_size(text)
    assert info.value.code == "file_size_invalid"
