"""Natural sort keys for names: numbers by value (ASCII and Chinese numerals), Chinese text in pinyin order.

`collation_key("第10组") > collation_key("第2组")`, `collation_key("三部") < collation_key("七部")`,
`collation_key("市场部") < collation_key("研发部")` (shi < yan). The key is a plain string of `0-9a-z`
only, so Python's `sorted` and any database's ORDER BY (binary, or a locale's collation: those order
lower-case letters and digits alike) agree: members carry their account's as the stored column
`members.account_key`.

A key is a run of self-delimiting tokens:
- a number: "0", one character giving its digit count (1-9, then a-z), its digits without leading zeros —
  so a shorter number sorts first and equal lengths compare digit by digit;
- a character with no reading (punctuation, symbols, rare characters): "1" and its code point in six hex
  digits;
- a word: "2", the Latin letters of an ASCII word or a Chinese character's pinyin (no tone), and "0" — so
  `zha` sorts before `zhang`, and a Latin `Zhang` sorts with 张.
Numbers sort before symbols, symbols before words. Spaces are ignored. Equal keys (张 and 章 read alike)
are left to the caller's next tie-break (the name itself, the account, the id).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from youdu_console.domain.pinyin import SURNAME_READINGS, _char_reading

KEY_LENGTH = 255  # the stored column's width; two names equal over 255 key characters tie

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_NUMERALS = _DIGITS.keys() | _SMALL_UNITS.keys() | _BIG_UNITS.keys()
_LENGTHS = "123456789abcdefghijklmnopqrstuvwxyz"


def chinese_number(text: str) -> int:
    """The value of a run of Chinese numerals: 十一 = 11, 二十 = 20, 一百零五 = 105, 两万 = 20000,
    and digit by digit when there is no unit: 二〇二六 = 2026."""
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total = section = number = 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (number or 1) * _SMALL_UNITS[ch]  # 十二: a leading 十 means one ten
            number = 0
        else:
            total = (total + section + number) * _BIG_UNITS[ch]
            section = number = 0
    return total + section + number


def _number_token(value: int) -> str:
    digits = str(value)
    return "0" + _LENGTHS[min(len(digits), len(_LENGTHS)) - 1] + digits


def _numeral_run(text: str, start: int) -> int:
    """End of the Chinese numeral run at `start` (== start when none begins there).

    A run starts with a digit or 十 (十二 is twelve); 百 千 万 亿 alone are words (千峰, 万达).
    """
    if text[start] not in _DIGITS and text[start] != "十":
        return start
    end = start
    while end < len(text) and text[end] in _NUMERALS:
        end += 1
    return end


# An ASCII text in one pass of a regex: numbers, Latin words, any other single character; and the shape of
# most accounts (a word, then perhaps a number) in one match.
_ASCII_TOKENS = re.compile(r"([0-9]+)|([A-Za-z]+)|(.)", re.DOTALL)
_WORD_NUMBER = re.compile(r"([A-Za-z]+)([0-9]*)")


def _digits_token(digits: str) -> str:
    value = digits.lstrip("0") or "0"  # _number_token(int(digits)), without the int
    return "0" + _LENGTHS[min(len(value), len(_LENGTHS)) - 1] + value


def _ascii_key(s: str) -> str:
    """The key of an ASCII text (accounts: the change engine computes one per member, 100,000 on an import);
    the same tokens as the general loop below, 2-4× faster."""
    simple = _WORD_NUMBER.fullmatch(s)
    if simple is not None:
        word, digits = simple.groups()
        key = "2" + word.lower() + "0" + (_digits_token(digits) if digits else "")
        return key[:KEY_LENGTH]
    out: list[str] = []
    for digits, word, other in _ASCII_TOKENS.findall(s):
        if digits:
            out.append(_digits_token(digits))
        elif word:
            out.append("2" + word.lower() + "0")
        elif not other.isspace():
            out.append("1" + format(ord(other), "06x"))
    return "".join(out)[:KEY_LENGTH]


@lru_cache(maxsize=131_072)
def collation_key(text: str, person: bool = False) -> str:
    """The natural sort key of `text`; `person` reads a leading surname as a surname (曾 zeng, 单 shan)."""
    if text and text.isascii():
        return _ascii_key(text)  # ASCII is its own NFKC form; no surname or numeral reading applies
    s = unicodedata.normalize("NFKC", text or "")
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if "0" <= ch <= "9":
            j = i
            while j < n and "0" <= s[j] <= "9":
                j += 1
            out.append(_number_token(int(s[i:j])))
            i = j
            continue
        if ch.isascii() and ch.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            out.append("2" + s[i:j].lower() + "0")
            i = j
            continue
        end = _numeral_run(s, i)
        if end > i:
            out.append(_number_token(chinese_number(s[i:end])))
            i = end
            continue
        reading = (SURNAME_READINGS.get(ch) if person and i == 0 else None) or _char_reading(ch)
        if reading and reading.isascii() and reading.isalpha():
            out.append("2" + reading + "0")
        else:
            out.append("1" + format(ord(ch), "06x"))
        i += 1
    return "".join(out)[:KEY_LENGTH]


def name_key(name: str) -> str:
    """A member's stored sort key (`members.name_key`): the name read as a person's name."""
    return collation_key(name, True)


def natural_sorted(values: list[str]) -> list[str]:
    """Texts in natural order; equal keys keep their code point order."""
    return sorted(values, key=lambda v: (collation_key(v), v))
