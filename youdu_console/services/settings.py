"""Enterprise settings (我的企业): typed values from the declarations, stored in the shared database."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from youdu_console.domain.settings import SETTINGS, get_setting
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, Operation, apply
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

S = tables.SETTINGS


class SettingsService:
    def __init__(self, uow: UnitOfWork, actor: Actor | None) -> None:
        self.uow = uow
        self.actor = actor

    def _stored(self) -> dict[str, tuple[Any, int]]:
        with self.uow.read() as conn:
            return {k: (json.loads(val), ver) for k, val, ver in conn.execute(select(S.c.key, S.c.value, S.c.version))}

    def values(self) -> dict[str, Any]:
        """Every declared setting's effective value (stored, else default). No permission: policy input."""
        stored = self._stored()
        return {s.key: s.parse(stored[s.key][0]) if s.key in stored else s.default for s in SETTINGS}

    def get(self, key: str) -> Any:
        setting = get_setting(key)
        stored = self._stored()
        return setting.parse(stored[key][0]) if key in stored else setting.default

    def read(self, *keys: str) -> dict[str, Any]:
        """The effective values of `keys`, in one read, for an administrator who may read settings."""
        if self.actor is not None:
            self.actor.require("settings.read")
        stored = self._stored()
        return {k: get_setting(k).parse(stored[k][0]) if k in stored else get_setting(k).default for k in keys}

    def list(self, section: str | None = None, lang: str = "zh_CN") -> list[dict[str, Any]]:
        if self.actor is not None:
            self.actor.require("settings.read")
        stored = self._stored()
        out = []
        for s in SETTINGS:
            if s.internal:  # kept by an action with its own show command (push-cert show, rtx show)
                continue
            if section and section not in (s.section, s.page) and not s.key.startswith(section):
                continue
            value = s.parse(stored[s.key][0]) if s.key in stored else s.default
            out.append({"key": s.key, "value": value, "default": s.default, "type": s.type,
                        "label": s.label(lang), "section": s.section, "page": s.page,
                        "choices": [c[0] for c in s.choices]})
        return out

    def plan_set(self, changes: dict[str, Any]) -> ChangeSet:
        assert self.actor is not None
        self.actor.require("settings.write")
        stored = self._stored()
        cs = ChangeSet("settings.set", self.actor.name, subject=", ".join(changes))
        for key, raw in changes.items():
            setting = get_setting(key)
            value = setting.parse(raw)
            current, version = stored.get(key, (setting.default, None))
            if version is not None and setting.parse(current) == value:
                continue
            if version is None and value == setting.default:
                continue
            cs.operations.append(Operation("setting", "set", key, before={"value": json.dumps(current)},
                                           after={"value": json.dumps(value)}, version=version, label=key))
        return cs

    def set(self, changes: dict[str, Any]) -> ChangeSet:
        assert self.actor is not None
        cs = self.plan_set(changes)
        if cs.is_empty:
            return cs
        return apply(self.uow, cs, self.actor)
