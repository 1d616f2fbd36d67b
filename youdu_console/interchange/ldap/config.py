"""Connection and sync settings of the LDAP integration as one value, read from the declared settings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.settings_ldap import check_server

# Settings whose change alters what a sync produces (so the next sync needs a preview again).
PLAN_KEYS = ("ldap.server", "ldap.bind_dn", "ldap.base_dn", "ldap.flavor", "ldap.selected_ous",
             "ldap.selected_users", "ldap.mapping", "ldap.root_department")


@dataclass(frozen=True)
class LdapConfig:
    server: str  # ldap://host[:port] or ldaps://host[:port]
    bind_dn: str
    base_dn: str
    flavor: str = "ad"  # ad | openldap
    start_tls: bool = False
    ca_file: str = ""
    verify_tls: bool = True
    selected_ous: tuple[str, ...] = ()
    selected_users: tuple[str, ...] = ()
    mapping: tuple[str, ...] = ()
    root_department: str = ""
    removal_threshold_percent: int = 10
    removal_threshold_count: int = 100
    schedule_enabled: bool = True
    interval_minutes: int = 10
    full_compare_minutes: int = 360
    timeout_seconds: int = 10  # connecting and each answer (验证, bind); a sync's searches wait longer
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> LdapConfig:
        """From `SettingsService.values()` (keys `ldap.*`)."""

        def get(name: str) -> Any:
            return values.get(f"ldap.{name}")

        return cls(server=str(get("server") or ""), bind_dn=str(get("bind_dn") or ""),
                   base_dn=str(get("base_dn") or ""), flavor=str(get("flavor") or "ad"),
                   start_tls=bool(get("start_tls")), ca_file=str(get("ca_file") or ""),
                   verify_tls=bool(get("verify_tls") if get("verify_tls") is not None else True),
                   selected_ous=tuple(get("selected_ous") or ()), selected_users=tuple(get("selected_users") or ()),
                   mapping=tuple(get("mapping") or ()), root_department=str(get("root_department") or ""),
                   removal_threshold_percent=int(get("removal_threshold_percent") or 0),
                   removal_threshold_count=int(get("removal_threshold_count") or 0),
                   schedule_enabled=bool(get("schedule_enabled")),
                   interval_minutes=int(get("interval_minutes") or 10),
                   full_compare_minutes=int(get("full_compare_minutes") or 0),
                   timeout_seconds=int(get("timeout_seconds") or 10))

    @property
    def configured(self) -> bool:
        return bool(self.server and self.base_dn)

    @property
    def use_ssl(self) -> bool:
        return self.server.startswith("ldaps://")

    @property
    def host(self) -> str:
        return self._split()[0]

    @property
    def port(self) -> int:
        return self._split()[1]

    def _split(self) -> tuple[str, int]:
        try:
            url = check_server(self.server)
        except ValueError as exc:
            raise ValidationError("setting_invalid", field="ldap.server", key="ldap.server", value=self.server,
                                  reason=str(exc)) from None
        rest = url.split("://", 1)[1]
        if rest.startswith("["):
            host, _, port = rest[1:].partition("]")
            port = port.lstrip(":")
        elif ":" in rest:
            host, port = rest.rsplit(":", 1)
        else:
            host, port = rest, ""
        return host, int(port) if port else (636 if url.startswith("ldaps://") else 389)

    @property
    def keyring_user(self) -> str:
        """Where the bind password lives in the OS keyring (service "youdu-console")."""
        return f"ldap:{self.server}"

    def plan_hash(self) -> str:
        """Digest of the settings that decide what a sync plans: a change means a new preview is required."""
        data = asdict(self)
        picked = {k: data[k.split(".", 1)[1]] for k in PLAN_KEYS}
        return hashlib.sha256(json.dumps(picked, sort_keys=True, ensure_ascii=False, default=list)
                              .encode("utf-8")).hexdigest()
