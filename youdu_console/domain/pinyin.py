"""Pinyin spellings of member names for search (`zw` and `zhangwei` both find 张伟)."""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any


def _load_char_table() -> dict[int, str]:
    """pypinyin's single-character table, loaded without the package's __init__ when possible.

    `import pypinyin` (even `from pypinyin.pinyin_dict import …`) loads the phrase dictionary too:
    0.41 s and +56 MB at every start. Names are read character by character anyway (with the surname
    readings below), so only the 0.04 s character table is loaded. A frozen bundle keeps modules as
    bytecode in its archive, with no source file to load: there the normal import is used.
    """
    spec = importlib.util.find_spec("pypinyin")
    locations = list(spec.submodule_search_locations or []) if spec else []
    source = Path(locations[0]) / "pinyin_dict.py" if locations else None
    if source is None or not source.is_file():
        from pypinyin.pinyin_dict import pinyin_dict as table

        return dict(table)
    module_spec = importlib.util.spec_from_file_location("_youdu_pinyin_dict", source)
    assert module_spec is not None and module_spec.loader is not None
    module: Any = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    loaded: dict[int, str] = module.pinyin_dict
    return loaded


@lru_cache(maxsize=1)
def char_table() -> dict[int, str]:
    """The character table, loaded on the first name spelled (a read such as `member show` never needs it)."""
    return _load_char_table()

# Surnames whose everyday reading differs from the character's most common reading.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "解": "xie", "朴": "piao", "区": "ou", "查": "zha",
    "覃": "qin", "盖": "ge", "乐": "yue", "缪": "miao", "翟": "zhai", "任": "ren", "尉": "yu",
    "句": "gou", "宁": "ning", "种": "chong", "华": "hua", "召": "shao", "繁": "po", "长": "chang",
}


@lru_cache(maxsize=65536)
def _char_reading(ch: str) -> str:
    """The character's most common reading without tone marks (ü written v, as pypinyin's NORMAL style)."""
    if ch.isascii():
        return ch.lower()
    readings = char_table().get(ord(ch))
    if not readings:
        return ""
    first = unicodedata.normalize("NFD", readings.split(",")[0]).replace("u\u0308", "v")
    return "".join(c for c in first if not unicodedata.combining(c)).lower()


def name_pinyin(name: str) -> tuple[str, str]:
    """Return (full spelling, initials) of a name, lower-case without spaces.

    ASCII runs are kept whole (`Alice王` → `alicewang`, initials `aw`). Per-character lookups are
    cached, which makes 100k names ~20× faster than calling pypinyin on each name.
    """
    full: list[str] = []
    initials: list[str] = []
    word = ""
    for i, ch in enumerate(name):
        if ch.isascii():
            if ch.isalnum():
                word += ch.lower()
            continue
        if word:
            full.append(word)
            initials.append(word[0])
            word = ""
        reading = SURNAME_READINGS.get(ch) if i == 0 else None
        reading = reading or _char_reading(ch)
        if reading:
            full.append(reading)
            initials.append(reading[0])
    if word:
        full.append(word)
        initials.append(word[0])
    return "".join(full), "".join(initials)
