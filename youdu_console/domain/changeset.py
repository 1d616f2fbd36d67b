"""Change sets as values (DESIGN §3): typed operations with before and after values, and their descriptions.

Qt-free and I/O-free: importers and planners build these, the engine in `services.changes` applies them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from youdu_console.domain.messages import CATALOG, default_lang, render
from youdu_console.domain.presentation import describe_subject

# Fields never shown in previews, history or JSON output (a hash is still a secret's fingerprint).
REDACTED_FIELDS = frozenset({"password_hash", "aes_key", "callback_token"})  # apps' secrets too


@dataclass
class Operation:
    """One typed change: add (after only), update (before/after of the changed fields), delete (before only).

    `key` is the row's id; a negative id is a placeholder for a row this change set creates, replaced by a
    real id when the set is applied. `version` is the row version the plan read (None for an add).
    """

    entity: str
    action: str  # add | update | delete | set
    key: Any
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    version: int | None = None
    label: str = ""
    category: str = ""  # added | updated | moved | resigned | restored | deleted (for the summary)
    # Made by an area's derivation (a department group following its department), not by the planner: the
    # engine strips and re-derives these at apply time; journalled, so undo reverses them with the rest.
    derived: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "action": self.action, "key": self.key, "label": self.label,
                "category": self.category or self.action, "version": self.version,
                "before": _jsonable(self.before), "after": _jsonable(self.after),
                **({"derived": True} if self.derived else {})}

    def preview(self) -> dict[str, Any]:
        """The operation for people and scripts: secrets redacted, only the fields that change."""
        out: dict[str, Any] = {"entity": self.entity, "action": self.category or self.action,
                               "key": self.key if not (isinstance(self.key, int) and self.key < 0) else None,
                               "label": self.label}
        if self.derived:
            out["derived"] = True
        if self.action == "update" or self.action == "set":
            out["changes"] = {f: [_redact(f, (self.before or {}).get(f)), _redact(f, v)]
                              for f, v in (self.after or {}).items()}
        elif self.action == "add":
            # A copy fixed up in place: previewing every add of a 100k-row import is on the --json path.
            values = dict(self.after or {})
            values.pop("id", None)
            depts = values.pop("depts", None)
            if not _PLAIN.issuperset(map(type, values.values())):
                values = {f: _jsonable(v) for f, v in values.items()}
            if depts is not None:  # [[department, position], …]: plain already, as orjson writes it, on an import
                values["depts"] = depts if _plain_pairs(depts) else _jsonable(depts)
            for f in REDACTED_FIELDS:
                if values.get(f):
                    values[f] = "***"
            out["values"] = values
        elif self.action == "delete" and self.before:
            # What goes: the row as it is (a preview says what a removal takes away), secrets left out.
            gone = {f: _jsonable(v) for f, v in self.before.items() if f != "id" and f not in REDACTED_FIELDS}
            out["values"] = gone
        return out


def _redact(field_name: str, value: Any) -> Any:
    if field_name in REDACTED_FIELDS and value:
        return "***"
    return _jsonable(value)


_PLAIN = frozenset({str, int, float, bool, type(None)})
_PAIR = frozenset({list, tuple})


def _plain_pairs(value: Any) -> bool:
    """A list of lists or tuples of plain values (a member's departments): written as it is."""
    return type(value) is list and all(type(v) in _PAIR and _PLAIN.issuperset(map(type, v)) for v in value)


def _jsonable(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # nearly every value: one set lookup, not three isinstance checks
        return value
    if kind is list:  # a member's [[department, position], …] on every add of an import: no isinstance chain
        return [v if type(v) in _PLAIN else _jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in _PLAIN else _jsonable(v) for v in value]
    return value


@dataclass
class ChangeSet:
    kind: str
    actor: str
    operations: list[Operation] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    description: str = ""
    id: int | None = None
    created_at: dt.datetime | None = None
    undo_of: int | None = None
    undone_by: int | None = None
    # What it changes (a path, accounts, a file): `describe()` renders "change.<kind>" with it in any language.
    subject: str | None = None
    # Rules re-checked inside the apply transaction (given its Connection), after the writes: raise to abort.
    checks: list[Callable[[Any], None]] = field(default_factory=list, repr=False)
    # Writes made inside the apply transaction once the change set is journalled (its `id` is set), e.g. a
    # unique key that makes the same request apply once: raise to abort.
    journalled: list[Callable[[Any], None]] = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "moved": 0, "resigned": 0, "deleted": 0, "errors": len(self.errors)}
        for op in self.operations:
            if op.derived:  # consequences (joins/leaves group X) are shown, not counted as the change
                continue
            cat = op.category or {"add": "added", "delete": "deleted"}.get(op.action, "updated")
            counts[cat if cat in counts else "updated"] += 1
        return counts

    def describe(self, lang: str | None = None) -> str:
        return describe(self.kind, self.subject, self.description, lang)

    def to_dict(self, *, with_operations: bool = True, lang: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "actor": self.actor,
            "created_at": self.created_at.isoformat(timespec="seconds") + "Z" if self.created_at else None,
            "description": self.describe(lang), "summary": self.summary(),
            "undo_of": self.undo_of, "undone_by": self.undone_by,
            "errors": self.errors,
        }
        out["operations"] = [op.preview() for op in self.operations] if with_operations else []
        return out

    @property
    def is_empty(self) -> bool:
        return not self.operations


def describe(kind: str, subject: str | None, stored: str = "", lang: str | None = None) -> str:
    """A change set's description in `lang`, from its kind and subject; the stored text when it has none."""
    if subject is None:
        return stored or kind
    code = f"change.{kind}.all" if subject == "" and f"change.{kind}.all" in CATALOG else f"change.{kind}"
    if code not in CATALOG:
        return stored or f"{kind} {subject}".strip()
    lang = lang or default_lang()
    return render(code, lang, {"subject": describe_subject(kind, subject, lang)})


def subject_of(names: Sequence[str], limit: int = 5) -> str:
    """`a, b, c` — or `a, b, c, d, e … (12)` for long lists."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} … ({len(names)})"
