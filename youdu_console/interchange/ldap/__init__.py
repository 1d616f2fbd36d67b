"""LDAP / Active Directory reading (ldap3): connection, paged search, OU browsing and mapping — plans, never writes.

The names below are loaded on first use (PEP 562): importing a light submodule (`dn`, `config`,
`keyring_store`) must not import ldap3, which the window and most commands never need.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "LdapConfig": "config",
    "DirectoryUnavailable": "connection", "RootDse": "connection", "check_base": "connection", "close": "connection",
    "detect_flavor": "connection", "open_connection": "connection", "read_root_dse": "connection",
    "test_connection": "connection",
    "PRESETS": "mapping", "LdapOU": "mapping", "LdapUser": "mapping", "Mapping": "mapping", "build_mapping": "mapping",
    "DirectorySnapshot": "reader", "read_directory": "reader",
    "BrowseNode": "search", "browse": "search", "paged_search": "search",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
