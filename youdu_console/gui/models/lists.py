"""List models of the window: change sets (history), a change set's operations and errors, the lock list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject

from youdu_console.domain import presentation
from youdu_console.gui.i18n import current_lang, fill, number, translate
from youdu_console.gui.models.rows import Column, RowTableModel

HIDDEN_FIELDS = presentation.HIDDEN_FIELDS


DEVICE_NAMES = {"windows": "Windows", "mac": "macOS", "linux": "Linux", "android": "Android", "ios": "iOS"}


def local_time(text: str | None) -> str:
    """An ISO UTC time from the journal, shown in the desktop's local time to the minute."""
    if not text:
        return ""
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def action_text(action: str) -> str:
    words = {
        "added": QT_TRANSLATE_NOOP("ChangeAction", "Add"), "add": QT_TRANSLATE_NOOP("ChangeAction", "Add"),
        "updated": QT_TRANSLATE_NOOP("ChangeAction", "Update"), "update": QT_TRANSLATE_NOOP("ChangeAction", "Update"),
        "set": QT_TRANSLATE_NOOP("ChangeAction", "Update"),
        "moved": QT_TRANSLATE_NOOP("ChangeAction", "Move"), "resigned": QT_TRANSLATE_NOOP("ChangeAction", "Resign"),
        "restored": QT_TRANSLATE_NOOP("ChangeAction", "Restore"),
        "deleted": QT_TRANSLATE_NOOP("ChangeAction", "Delete"), "delete": QT_TRANSLATE_NOOP("ChangeAction", "Delete"),
        "joined": QT_TRANSLATE_NOOP("ChangeAction", "Joins group"), "left": QT_TRANSLATE_NOOP("ChangeAction", "Leaves group"),
    }
    return translate("ChangeAction", words[action]) if action in words else action


def entity_text(entity: str) -> str:
    words = {
        "member": QT_TRANSLATE_NOOP("ChangeEntity", "Member"),
        "department": QT_TRANSLATE_NOOP("ChangeEntity", "Department"),
        "admin": QT_TRANSLATE_NOOP("ChangeEntity", "Administrator"),
        "setting": QT_TRANSLATE_NOOP("ChangeEntity", "Setting"),
        "login_state": QT_TRANSLATE_NOOP("ChangeEntity", "Login state"),
        "group": QT_TRANSLATE_NOOP("ChangeEntity", "Group"),
        "group_member": QT_TRANSLATE_NOOP("ChangeEntity", "Group member"),
        "visibility_rule": QT_TRANSLATE_NOOP("ChangeEntity", "Visibility rule"),
        "app": QT_TRANSLATE_NOOP("ChangeEntity", "App"),
        "portal_template": QT_TRANSLATE_NOOP("ChangeEntity", "Portal template"),
        "portal_app": QT_TRANSLATE_NOOP("ChangeEntity", "App in a template"),
        "portal_audience": QT_TRANSLATE_NOOP("ChangeEntity", "Template audience"),
        "message_menu": QT_TRANSLATE_NOOP("ChangeEntity", "Custom menu"),
        "workbench": QT_TRANSLATE_NOOP("ChangeEntity", "Mobile workbench"),
        "announcement": QT_TRANSLATE_NOOP("ChangeEntity", "Announcement"),
        "announcement_category": QT_TRANSLATE_NOOP("ChangeEntity", "Announcement category"),
    }
    return translate("ChangeEntity", words[entity]) if entity in words else entity


def summary_text(summary: Mapping[str, int]) -> str:
    parts = [
        (summary.get("added", 0), translate("ChangeSummary", "%1 added")),
        (summary.get("updated", 0), translate("ChangeSummary", "%1 updated")),
        (summary.get("moved", 0), translate("ChangeSummary", "%1 moved")),
        (summary.get("resigned", 0), translate("ChangeSummary", "%1 resigned")),
        (summary.get("deleted", 0), translate("ChangeSummary", "%1 deleted")),
        (summary.get("errors", 0), translate("ChangeSummary", "%1 errors")),
    ]
    shown = [fill(text, number(n)) for n, text in parts if n]
    return translate("ChangeSummary", ", ").join(shown) if shown else translate("ChangeSummary", "no changes")


def operation_detail(op: Mapping[str, Any], dept_paths: Mapping[int, str]) -> str:
    """What one operation changes, in one line, in the manual's words (domain.presentation)."""
    return presentation.operation_detail(op, current_lang(), dept_paths)


class ChangeListModel(RowTableModel):
    """The journal of change sets (changes.list_changes rows), newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("id", QT_TRANSLATE_NOOP("Columns", "No."), lambda r: r["id"], align_right=True),
            Column("created_at", QT_TRANSLATE_NOOP("Columns", "Time"), lambda r: local_time(r["created_at"]),
                   sort_key=lambda r: r["created_at"]),
            Column("actor", QT_TRANSLATE_NOOP("Columns", "Administrator"), lambda r: r["actor"]),
            Column("summary", QT_TRANSLATE_NOOP("Columns", "Changes"), lambda r: summary_text(r["summary"])),
            Column("state", QT_TRANSLATE_NOOP("Columns", "State"), _change_state),
            # Last, so it takes the spare width: descriptions are the longest text.
            Column("description", QT_TRANSLATE_NOOP("Columns", "Description"),
                   lambda r: r.get("description") or r["kind"]),
        ], key=lambda r: r["id"], parent=parent)


def _change_state(r: Mapping[str, Any]) -> str:
    if r.get("undone_by"):
        return fill(translate("ChangeState", "Undone by #%1"), str(r["undone_by"]))
    if r.get("undo_of"):
        return fill(translate("ChangeState", "Undoes #%1"), str(r["undo_of"]))
    return ""


class OperationsModel(RowTableModel):
    """A change set's operations as previewed (ChangeSet.to_dict()["operations"])."""

    def __init__(self, parent: QObject | None = None,
                 dept_paths: Callable[[], Mapping[int, str]] | None = None) -> None:
        self._dept_paths = dept_paths or (lambda: {})
        super().__init__([
            Column("action", QT_TRANSLATE_NOOP("Columns", "Action"), lambda r: action_text(r[1]["action"])),
            Column("entity", QT_TRANSLATE_NOOP("Columns", "Type"), lambda r: entity_text(r[1]["entity"])),
            Column("label", QT_TRANSLATE_NOOP("Columns", "Target"),
                   lambda r: presentation.operation_target(r[1], current_lang())),
            Column("detail", QT_TRANSLATE_NOOP("Columns", "Details"),
                   lambda r: operation_detail(r[1], self._dept_paths()),
                   tooltip=lambda r: operation_detail(r[1], self._dept_paths())),
        ], key=lambda r: r[0], parent=parent)

    def set_operations(self, operations: list[dict[str, Any]]) -> None:
        self.set_rows(list(enumerate(operations)))


class ErrorsModel(RowTableModel):
    """Per-row errors a plan carries (imports, bulk actions): where, which field, the message."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("where", QT_TRANSLATE_NOOP("Columns", "Row / entry"),
                   lambda r: r[1].get("row") or r[1].get("entry") or ""),
            Column("field", QT_TRANSLATE_NOOP("Columns", "Field"), lambda r: r[1].get("field") or ""),
            Column("message", QT_TRANSLATE_NOOP("Columns", "Message"), lambda r: r[1].get("message") or "",
                   tooltip=lambda r: r[1].get("message") or ""),
        ], key=lambda r: r[0], parent=parent)

    def set_errors(self, errors: list[dict[str, Any]]) -> None:
        self.set_rows(list(enumerate(errors)))


class LockListModel(RowTableModel):
    """The lockout desk (锁定名单): who is locked, since when, and the last failure's forensics."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda r: r["account"]),
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.get("name") or ""),
            Column("failures", QT_TRANSLATE_NOOP("Columns", "Failures"), lambda r: r.get("failures", 0),
                   align_right=True),
            Column("locked_at", QT_TRANSLATE_NOOP("Columns", "Locked at"), lambda r: _when(r.get("locked_at")),
                   sort_key=lambda r: str(r.get("locked_at") or "")),
            Column("last_failure_at", QT_TRANSLATE_NOOP("Columns", "Last failure"),
                   lambda r: _when(r.get("last_failure_at")), sort_key=lambda r: str(r.get("last_failure_at") or "")),
            Column("last_failure_ip", QT_TRANSLATE_NOOP("Columns", "Address"), lambda r: r.get("last_failure_ip") or ""),
            Column("last_failure_device", QT_TRANSLATE_NOOP("Columns", "Device"),
                   lambda r: DEVICE_NAMES.get(r.get("last_failure_device") or "", r.get("last_failure_device") or "")),
            Column("departments", QT_TRANSLATE_NOOP("Columns", "Department"),
                   lambda r: "、".join(r.get("departments") or ()), tooltip=lambda r: "、".join(r.get("departments") or ())),
        ], key=lambda r: r["account"], parent=parent)


def _when(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    return local_time(str(value))
