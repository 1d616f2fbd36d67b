"""Printing results: one JSON document with --json, else readable text in the chosen language."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from youdu_console.domain.messages import localize


class Output:
    def __init__(self, as_json: bool, lang: str) -> None:
        self.as_json = as_json
        self.lang = lang

    def t(self, zh: str, en: str) -> str:
        return en if self.lang.startswith("en") else zh

    def emit(self, data: Any, text: str | None = None) -> None:
        data = localize(data, self.lang)
        if self.as_json:
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        elif text is not None:
            print(text)
        else:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))

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

    def error(self, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        extra = localize(extra, self.lang)
        if self.as_json:
            payload: dict[str, Any] = {"error": {"code": code, "message": message}}
            if extra:
                payload["error"].update(extra)
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
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
