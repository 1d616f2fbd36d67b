"""LDAP / Active Directory reading (ldap3): connection, paged search, OU browsing and mapping — plans, never writes."""

from youdu_console.interchange.ldap.config import LdapConfig
from youdu_console.interchange.ldap.connection import (
    DirectoryUnavailable,
    RootDse,
    check_base,
    close,
    detect_flavor,
    open_connection,
    read_root_dse,
    test_connection,
)
from youdu_console.interchange.ldap.mapping import PRESETS, LdapOU, LdapUser, Mapping, build_mapping
from youdu_console.interchange.ldap.reader import DirectorySnapshot, read_directory
from youdu_console.interchange.ldap.search import BrowseNode, browse, paged_search

__all__ = ["PRESETS", "BrowseNode", "DirectorySnapshot", "DirectoryUnavailable", "LdapConfig", "LdapOU", "LdapUser",
           "Mapping", "RootDse", "browse", "build_mapping", "check_base", "close", "detect_flavor",
           "open_connection", "paged_search", "read_directory", "read_root_dse", "test_connection"]
