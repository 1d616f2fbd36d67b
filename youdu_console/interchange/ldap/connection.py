"""Connecting to the directory (ldap3): LDAPS / StartTLS with certificate checks, and a clear reason on failure."""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import ssl
from dataclasses import dataclass, field
from typing import Any

import ldap3
from ldap3.core import exceptions as lx

from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.interchange.ldap.config import LdapConfig

log = logging.getLogger("youdu.ldap")

AD_CAPABILITY = "1.2.840.113556.1.4.800"  # LDAP_CAP_ACTIVE_DIRECTORY_OID in rootDSE supportedCapabilities
PAGED_RESULTS = "1.2.840.113556.1.4.319"
ROOT_DSE_ATTRS = ["namingContexts", "defaultNamingContext", "supportedControl", "supportedCapabilities",
                  "supportedLDAPVersion", "vendorName", "vendorVersion", "highestCommittedUSN", "dsServiceName",
                  "objectClass", "currentTime"]
CONNECT_TIMEOUT = 10  # seconds; the declared setting ldap.timeout_seconds overrides it
RECEIVE_TIMEOUT = 120  # a sync's searches: a big page from a busy domain controller can take a while


class DirectoryUnavailable(YouduError):
    """The directory server cannot be reached or no secure channel can be set up (exit code 3)."""

    exit_code = 3
    kind = "unavailable"


@dataclass(frozen=True)
class RootDse:
    """What the server says about itself before anything is searched."""

    flavor: str  # ad | openldap
    vendor: str
    naming_contexts: tuple[str, ...]
    default_naming_context: str
    highest_usn: int | None  # Active Directory: highestCommittedUSN, the incremental sync's cursor
    server_id: str  # AD: dsServiceName (USNs are per domain controller); else the URL
    paged: bool
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"flavor": self.flavor, "vendor": self.vendor, "naming_contexts": list(self.naming_contexts),
                "default_naming_context": self.default_naming_context, "highest_usn": self.highest_usn,
                "server_id": self.server_id, "paged_results": self.paged}


def _tls(cfg: LdapConfig) -> ldap3.Tls:
    if cfg.ca_file and not os.path.isfile(cfg.ca_file):
        raise ValidationError("ldap_ca_file_missing", field="ldap.ca_file", path=cfg.ca_file)
    # verify_tls=False is an explicit, warned setting; the default checks the chain and the host name.
    # The name is checked by peer_name_matches, not by ldap3: on Python 3.12+ ldap3 falls back to a
    # matcher that rejects IP addresses, and AD servers are often configured by IP (manual 1.1.1).
    return ldap3.Tls(validate=ssl.CERT_REQUIRED if cfg.verify_tls else ssl.CERT_NONE,
                     ca_certs_file=cfg.ca_file or None, valid_names=["*"])


def peer_name_matches(cert: dict[str, Any], host: str) -> bool:
    """Is this (verified) certificate for `host`? IP addresses against IP SANs; names against DNS SANs
    (a `*.` wildcard covers one leftmost label), or the common name when there are no DNS SANs."""
    sans = cert.get("subjectAltName", ()) or ()
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return any(kind == "IP Address" and _same_ip(value, ip) for kind, value in sans)
    names = [value for kind, value in sans if kind == "DNS"]
    if not names:
        names = [value for rdn in cert.get("subject", ()) for key, value in rdn if key == "commonName"]
    return any(_dns_matches(n, host) for n in names)


def _same_ip(value: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    try:
        return ipaddress.ip_address(value.strip()) == ip
    except ValueError:
        return False


def _dns_matches(pattern: str, host: str) -> bool:
    p, h = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if p.startswith("*."):
        label, _, rest = h.partition(".")
        return bool(label) and rest == p[2:] and "." in p[2:]
    return "*" not in p and p == h


def _check_peer(conn: ldap3.Connection, cfg: LdapConfig) -> None:
    """Before the password is sent: the certificate must name the server we meant to reach."""
    if not cfg.verify_tls or not (cfg.use_ssl or cfg.start_tls):
        return
    sock = conn.socket
    cert = sock.getpeercert() if isinstance(sock, ssl.SSLSocket) else None
    if not cert or not peer_name_matches(cert, cfg.host):
        raise DirectoryUnavailable("ldap_tls_failed", server=cfg.server, cause="cause.tls_wrong_name", host=cfg.host,
                                   reason=f"the certificate is not for {cfg.host}")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def _is_tls_problem(exc: BaseException) -> bool:
    if isinstance(exc, lx.LDAPStartTLSError | lx.LDAPCertificateError | lx.LDAPSSLConfigurationError | ssl.SSLError):
        return True
    text = str(exc).lower()
    return any(w in text for w in ("ssl", "certificate", "tls", "handshake"))


def _cause(exc: BaseException) -> str:
    """Why a connection failed, as a catalogue code (ldap3's and the OS's English stay in the log)."""
    text = str(exc).lower()
    if isinstance(exc, lx.LDAPResponseTimeoutError | TimeoutError | socket.timeout) or "timed out" in text:
        return "cause.timeout"
    if isinstance(exc, ConnectionRefusedError) or "refused" in text:
        return "cause.refused"
    if isinstance(exc, socket.gaierror) or "invalid server address" in text or "name or service" in text:
        return "cause.host_unknown"
    if getattr(exc, "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH) or "unreachable" in text \
            or "no route" in text:
        return "cause.no_route"
    if isinstance(exc, lx.LDAPSessionTerminatedByServerError | ConnectionResetError) or "terminated" in text:
        return "cause.closed"
    if _is_tls_problem(exc):
        return "cause.tls_untrusted" if "verify failed" in text or "certificate" in text else "cause.tls_handshake"
    if isinstance(exc, lx.LDAPException | OSError):
        return "cause.network"
    # ldap3's decoder meets bytes that are not LDAP (an HTTP or SSH server): KeyError (1, 20), IndexError, …
    return "cause.not_ldap"


def _unavailable(cfg: LdapConfig, exc: BaseException) -> YouduError:
    cause = _cause(exc)
    log.info("LDAP server %s: %s: %s", cfg.server, type(exc).__name__, _reason(exc))
    code = "ldap_tls_failed" if cause.startswith("cause.tls") else "ldap_unreachable"
    return DirectoryUnavailable(code, server=cfg.server, cause=cause, seconds=cfg.timeout_seconds,
                                reason=_reason(exc))


def open_connection(cfg: LdapConfig, password: str | None, *, receive_timeout: int = RECEIVE_TIMEOUT) -> ldap3.Connection:
    """A bound, read-only connection, or a coded error: unreachable, TLS, bad credentials, refused bind.

    Connecting waits at most `cfg.timeout_seconds`; answers wait `receive_timeout` (a sync's big searches),
    which 验证 and the flavour probe shorten to `cfg.timeout_seconds` so a dead server ends the wait there.
    """
    if not cfg.configured:
        raise ValidationError("ldap_not_configured", field="ldap.server")
    if not password:
        # An empty password makes a simple bind "unauthenticated", which many servers accept: never send one.
        raise ValidationError("ldap_password_missing", field="password", server=cfg.server)
    server = ldap3.Server(cfg.host, cfg.port, use_ssl=cfg.use_ssl, tls=_tls(cfg), get_info=ldap3.NONE,
                          connect_timeout=cfg.timeout_seconds)
    conn = ldap3.Connection(server, user=cfg.bind_dn or None, password=password, authentication=ldap3.SIMPLE,
                            read_only=True, auto_referrals=False, receive_timeout=receive_timeout,
                            raise_exceptions=False, return_empty_attributes=False)
    try:
        conn.open()
        if cfg.start_tls and not cfg.use_ssl:
            conn.start_tls()
        _check_peer(conn, cfg)
        bound = conn.bind()
    except YouduError:
        _close(conn)
        raise
    except Exception as exc:  # noqa: BLE001 - ldap3 raises its own, the OS's and its decoder's errors
        _close(conn)
        raise _unavailable(cfg, exc) from None
    if not bound:
        result = dict(conn.result or {})
        _close(conn)
        raise _bind_error(cfg, result)
    return conn


def _bind_error(cfg: LdapConfig, result: dict[str, Any]) -> YouduError:
    code = result.get("result")
    detail = f"{result.get('description', '')} {result.get('message', '')}".strip()
    if code == 49:  # invalidCredentials (AD adds "data 52e" and friends in the message)
        return ValidationError("ldap_bad_credentials", field="password", bind_dn=cfg.bind_dn, reason=detail)
    if code in (8, 13):  # strongerAuthRequired / confidentialityRequired
        return ValidationError("ldap_needs_tls", field="ldap.start_tls", server=cfg.server, reason=detail)
    if code is None:
        return DirectoryUnavailable("ldap_unreachable", server=cfg.server, cause="cause.not_ldap",
                                    reason=detail or "no answer")
    return ValidationError("ldap_bind_failed", field="ldap.bind_dn", bind_dn=cfg.bind_dn, reason=detail)


def _close(conn: ldap3.Connection) -> None:
    try:
        conn.unbind()
    except Exception:  # noqa: BLE001 - closing a broken socket must not hide the real error
        log.debug("unbind failed", exc_info=True)


def close(conn: ldap3.Connection) -> None:
    _close(conn)


def _first(values: Any) -> str:
    if isinstance(values, list | tuple):
        return str(values[0]) if values else ""
    return "" if values is None else str(values)


def read_root_dse(conn: ldap3.Connection, cfg: LdapConfig) -> RootDse:
    """The rootDSE: Active Directory or not, its highestCommittedUSN, and which DC answered."""
    try:
        ok = conn.search("", "(objectClass=*)", ldap3.BASE, attributes=ROOT_DSE_ATTRS)
    except Exception as exc:  # noqa: BLE001 - as in open_connection
        raise _unavailable(cfg, exc) from None
    attrs: dict[str, Any] = dict(conn.response[0]["attributes"]) if ok and conn.response else {}
    caps = [str(c) for c in attrs.get("supportedCapabilities", []) or []]
    is_ad = AD_CAPABILITY in caps or bool(attrs.get("dsServiceName"))
    usn = _first(attrs.get("highestCommittedUSN"))
    controls = [str(c) for c in attrs.get("supportedControl", []) or []]
    return RootDse(flavor="ad" if is_ad else "openldap", vendor=_first(attrs.get("vendorName")) or
                   ("Microsoft Active Directory" if is_ad else ""),
                   naming_contexts=tuple(str(n) for n in attrs.get("namingContexts", []) or []),
                   default_naming_context=_first(attrs.get("defaultNamingContext")),
                   highest_usn=int(usn) if usn.isdigit() else None,
                   server_id=_first(attrs.get("dsServiceName")) or cfg.server,
                   paged=PAGED_RESULTS in controls or is_ad, raw=attrs)


def check_base(conn: ldap3.Connection, cfg: LdapConfig) -> None:
    """The base DN must exist and be readable: a wrong one would otherwise look like an empty directory."""
    try:
        conn.search(cfg.base_dn, "(objectClass=*)", ldap3.BASE, attributes=["objectClass"])
    except Exception as exc:  # noqa: BLE001 - as in open_connection
        raise _unavailable(cfg, exc) from None
    code = (conn.result or {}).get("result")
    if code == 32 or (code == 0 and not conn.response) or code == 34:  # noSuchObject / invalidDNSyntax
        raise ValidationError("ldap_base_not_found", field="ldap.base_dn", base_dn=cfg.base_dn)
    if code != 0:
        detail = f"{conn.result.get('description', '')} {conn.result.get('message', '')}".strip()
        raise ValidationError("ldap_search_failed", field="ldap.base_dn", reason=detail)


def test_connection(cfg: LdapConfig, password: str | None) -> dict[str, Any]:
    """"验证": connect, bind, read the rootDSE and check the base DN; a coded error names what failed."""
    conn = open_connection(cfg, password, receive_timeout=cfg.timeout_seconds)
    try:
        dse = read_root_dse(conn, cfg)
        check_base(conn, cfg)
    finally:
        _close(conn)
    return {"ok": True, "server": cfg.server, "bind_dn": cfg.bind_dn, "base_dn": cfg.base_dn,
            "tls": "ldaps" if cfg.use_ssl else ("starttls" if cfg.start_tls else "none"),
            "verify_tls": cfg.verify_tls, **dse.to_dict()}


def detect_flavor(cfg: LdapConfig, password: str | None) -> str:
    conn = open_connection(cfg, password, receive_timeout=cfg.timeout_seconds)
    try:
        return read_root_dse(conn, cfg).flavor
    finally:
        _close(conn)
