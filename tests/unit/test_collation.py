"""The natural sort key: numbers by value (ASCII and Chinese numerals), Chinese text in pinyin order."""

from __future__ import annotations

import re
import sqlite3

import pytest

from youdu_console.domain.collation import chinese_number, collation_key, name_key, natural_sorted


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("一百", 100), ("一百零五", 105),
    ("两千", 2000), ("三万五千", 35000), ("一亿", 100_000_000), ("二〇二六", 2026), ("零", 0), ("两", 2),
    ("九十九", 99), ("一千零一", 1001),
])
def test_chinese_numbers(text: str, value: int) -> None:
    assert chinese_number(text) == value


def test_numbers_sort_by_value() -> None:
    assert natural_sorted(["七部", "三部", "十部", "一部", "二部"]) == ["一部", "二部", "三部", "七部", "十部"]
    assert natural_sorted(["第10组", "第1组", "第2组"]) == ["第1组", "第2组", "第10组"]
    assert natural_sorted(["第十组", "第二组", "第十一组", "第一百组"]) == ["第二组", "第十组", "第十一组", "第一百组"]
    assert natural_sorted(["v10", "v9", "v100", "v009a"]) == ["v9", "v009a", "v10", "v100"]
    # Chinese and ASCII numerals of one value sort together.
    keys = [collation_key(t) for t in ("第3组", "第三组", "第4组")]
    assert keys[0] == keys[1] < keys[2]
    # 两 is two; 千 and 万 alone are words, not numbers.
    assert collation_key("两部") == collation_key("二部")
    assert not collation_key("万达").startswith("0")


def test_chinese_text_in_pinyin_order() -> None:
    assert natural_sorted(["研发部", "市场部", "产品部", "安全部"]) == ["安全部", "产品部", "市场部", "研发部"]
    # zha before zhang (a shorter syllable first), and Latin words among the pinyin.
    assert natural_sorted(["张三", "查理", "Bob", "alice"]) == ["alice", "Bob", "查理", "张三"]
    assert collation_key("Zhang") == collation_key("张")
    # A surname's reading when the text is a person's name: 曾 is zeng as a surname (ceng otherwise).
    assert name_key("曾伟") > name_key("王伟") > collation_key("曾伟")


def test_keys_are_plain_and_agree_with_sql_ordering() -> None:
    texts = ["七部", "三部", "第10组", "第1组", "研发部", "市场部", "A-1", "A 2", "（筹）", "Ω", "张伟", "章伟", ""]
    keys = [collation_key(t) for t in texts]
    assert all(re.fullmatch(r"[0-9a-z]*", k) for k in keys)
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (k TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [(k,) for k in keys])
    assert [r[0] for r in con.execute("SELECT k FROM t ORDER BY k")] == sorted(keys)
    assert collation_key("A 2") == collation_key("A2")  # spaces are ignored
    assert collation_key("１２") == collation_key("12")  # full-width digits are digits
    assert collation_key("x" * 300) == collation_key("x" * 400)  # capped at the column's width
    assert len(collation_key("x" * 300)) == 255

