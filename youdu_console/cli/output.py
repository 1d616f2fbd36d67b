"""Printing results: one JSON document with --json, else readable text in the chosen language."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

import orjson

from youdu_console.domain.messages import localize

if TYPE_CHECKING:
    from youdu_console.services.changes import ChangeSet

# Datetimes and dataclasses go through `default=str` as they did with the json module; other types orjson
# cannot write (an int beyond 64 bits, an object) fall back to the json module for that piece.
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# Operations are written in slices of this many: one write per slice, never the whole document in memory.
_SLICE = 2000


def to_json_bytes(data: Any, *, indent: bool = False) -> bytes:
    """One JSON value as UTF-8 (orjson: ~10× the json module on a large change set)."""
    try:
        return orjson.dumps(data, default=str, option=_ORJSON_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(data, ensure_ascii=False, indent=2 if indent else None, default=str).encode("utf-8")


def write_bytes(chunks: Iterable[bytes]) -> None:
    """Write to standard output as bytes (text when stdout is an in-memory stream, as in the tests)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        for chunk in chunks:
            sys.stdout.write(chunk.decode("utf-8"))
        return
    sys.stdout.flush()
    for chunk in chunks:
        buffer.write(chunk)
    buffer.flush()


def change_set_json(cs: ChangeSet, lang: str, *, operations: bool = True) -> Iterator[bytes]:
    """A change set as one JSON document, streamed: the operations are rendered slice by slice.

    `operations=False` is the summary form (--summary): counts and errors, `operations` left empty.
    Row errors are re-rendered in `lang`; operations carry no coded messages and are written as they are.
    """
    head = cs.to_dict(with_operations=False, lang=lang)
    head["errors"] = localize(head["errors"], lang)
    del head["operations"]
    yield to_json_bytes(head)[:-1] + b', "operations": ['
    ops = cs.operations if operations else []
    for start in range(0, len(ops), _SLICE):
        previews = to_json_bytes([op.preview() for op in ops[start:start + _SLICE]])
        yield (b",\n" if start else b"\n") + previews[1:-1]  # the slice's items, without its brackets
    yield b"\n]}" if ops else b"]}"


class Output:
    def __init__(self, as_json: bool, lang: str) -> None:
        self.as_json = as_json
        self.lang = lang

    def t(self, zh: str, en: str) -> str:
        return en if self.lang.startswith("en") else zh

    def emit(self, data: Any, text: str | None = None) -> None:
        data = localize(data, self.lang)
        if self.as_json:
            write_bytes([to_json_bytes(data, indent=True), b"\n"])
        elif text is not None:
            print(text)
        else:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def record(self, data: dict[str, Any]) -> None:
        """One object (`… show`): the JSON document, or a `key: value` line per key."""
        self.emit(data, "\n".join(f"{k}: {v}" for k, v in data.items()))

    def table(self, data: list[dict[str, Any]], columns: Sequence[tuple[str, str, str]]) -> None:
        """columns: (key, zh heading, en heading)."""
        if self.as_json:
            self.emit(data)
            return
        heads = [self.t(zh, en) for _, zh, en in columns]
        rows = [[_cell(item.get(k)) for k, _, _ in columns] for item in data]
        widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(heads)]
        print("  ".join(_pad(h, widths[i]) for i, h in enumerate(heads)).rstrip())
        for r in rows:
            print("  ".join(_pad(c, widths[i]) for i, c in enumerate(r)).rstrip())
        if not rows:
            print(self.t("（无）", "(none)"))

    def change_set(self, cs: ChangeSet, text: str, *, operations: bool = True) -> None:
        """A change set: the streamed JSON document, or `text` (the caller renders only what it prints)."""
        if self.as_json:
            from youdu_console.services.changes import bulk_work

            # The collector would walk the whole change set again and again while 100k previews are made.
            with bulk_work(len(cs.operations) if operations else 0):
                write_bytes(chain(change_set_json(cs, self.lang, operations=operations), [b"\n"]))
        else:
            print(text)

    def change_set_error(self, code: str, message: str, cs: ChangeSet, *, operations: bool = True) -> None:
        """A refused change set (invalid rows): the error with every row error and, in JSON, the change set."""
        if not self.as_json:
            self.error(code, message, {"errors": cs.errors})
            return
        from youdu_console.services.changes import bulk_work

        head = {"code": code, "message": message, "errors": localize(cs.errors, self.lang)}
        with bulk_work(len(cs.operations) if operations else 0):
            write_bytes(chain([b'{"error": ', to_json_bytes(head)[:-1], b', "change_set": '],
                              change_set_json(cs, self.lang, operations=operations), [b"}}\n"]))

    def error(self, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        extra = localize(extra, self.lang)
        if self.as_json:
            payload: dict[str, Any] = {"error": {"code": code, "message": message}}
            if extra:
                payload["error"].update(extra)
            write_bytes([to_json_bytes(payload, indent=True), b"\n"])
        else:
            print(f"{self.t('错误', 'Error')}: {message}", file=sys.stderr)
            for err in (extra or {}).get("errors", [])[:200]:
                where = err.get("row") or err.get("entry") or ""
                print(f"  {where} {err.get('field') or ''}: {err.get('message')}", file=sys.stderr)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
