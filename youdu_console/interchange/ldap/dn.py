"""Distinguished names: parsing with escapes (`\\,`, `\\2C`, `+` multi-valued RDNs), parents, and comparison keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from youdu_console.domain.errors import ValidationError

_HEX_PAIR = re.compile(r"\\([0-9A-Fa-f]{2})|\\(.)", re.DOTALL)
_NEEDS_ESCAPE = re.compile(r'[,+"\\<>;=\x00]|^[ #]| $')


def unescape_value(value: str) -> str:
    """An RDN value as text: `\\,` → `,` and `\\E7\\A0\\94` (UTF-8 hex pairs) → `研`."""
    if "\\" not in value:
        return value
    out = bytearray()
    pos = 0
    for m in _HEX_PAIR.finditer(value):
        out += value[pos:m.start()].encode("utf-8")
        out += bytes([int(m.group(1), 16)]) if m.group(1) else m.group(2).encode("utf-8")
        pos = m.end()
    out += value[pos:].encode("utf-8")
    return out.decode("utf-8", errors="replace")


@lru_cache(maxsize=8192)
def rdns(dn: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The RDNs of a DN, each a tuple of (attribute, unescaped value) pairs — one pair unless `+` joins several.

    Parsed here (RFC 4514) rather than by ldap3.utils.dn.parse_dn, which rejects an unescaped `=` inside a
    value although the RFC allows it and servers return such DNs.
    """
    if not any(c in dn for c in '\\+";'):  # the common case, ~10× faster than the scanner below
        parts = dn.split(",")
        pairs = [p.partition("=") for p in parts]
        if all(sep and a.strip() for a, sep, _ in pairs):
            return tuple(((a.strip(), v.strip()),) for a, _, v in pairs)
        if not dn.strip():
            return ()
        raise ValidationError("ldap_dn_invalid", field="dn", dn=dn)
    out: list[tuple[tuple[str, str], ...]] = []
    current: list[tuple[str, str]] = []
    attr: str | None = None
    buf: list[str] = []
    i, n = 0, len(dn)
    while i < n:
        ch = dn[i]
        if attr is None:
            if ch == "=":
                attr = "".join(buf).strip()
                buf = []
                if not attr:
                    break
            elif ch in ",+":
                break
            else:
                buf.append(ch)
            i += 1
            continue
        if ch == "\\":
            if i + 1 >= n:
                break
            buf.append(dn[i:i + 3] if _is_hex(dn[i + 1:i + 3]) else dn[i:i + 2])
            i += 3 if _is_hex(dn[i + 1:i + 3]) else 2
            continue
        if ch in ",+;":
            current.append((attr, unescape_value("".join(buf).strip())))
            attr, buf = None, []
            if ch != "+":
                out.append(tuple(current))
                current = []
            i += 1
            continue
        buf.append(ch)
        i += 1
    else:
        if attr is not None:
            current.append((attr, unescape_value("".join(buf).strip())))
            out.append(tuple(current))
            return tuple(out)
        if not dn.strip():
            return ()
    raise ValidationError("ldap_dn_invalid", field="dn", dn=dn)


def _is_hex(text: str) -> bool:
    return len(text) == 2 and all(c in "0123456789abcdefABCDEF" for c in text)


def escape_rdn(value: str) -> str:
    """ldap3's RDN escaping, imported on first use: the window imports this module at start-up and ldap3 is
    heavy (0.1-0.2 s); only an LDAP sync or browse needs it."""
    from ldap3.utils.dn import escape_rdn as ldap3_escape_rdn

    return str(ldap3_escape_rdn(value))


def _rdn_text(rdn: tuple[tuple[str, str], ...]) -> str:
    return "+".join(f"{a}={escape_rdn(v)}" for a, v in rdn)


def _escaped(value: str) -> str:
    return escape_rdn(value) if _NEEDS_ESCAPE.search(value) else value


def dn_key(dn: str) -> str:
    """A comparison key: types and values lower-cased, escapes canonical, `+` parts sorted (as AD compares).

    A plain first RDN is keyed directly and the parent's key comes from a cache: people share a few
    hundred parent OUs, which makes keying 100,000 DNs cheap.
    """
    head, sep, rest = dn.partition(",")
    if sep and head.count("=") == 1 and not any(c in head for c in '\\+";<>'):
        attr, _, value = head.partition("=")
        if attr.strip() and rest.strip():
            return f"{attr.strip().lower()}={_escaped(value.strip()).lower()},{_cached_key(rest.strip())}"
    return _cached_key(dn)


@lru_cache(maxsize=8192)
def _cached_key(dn: str) -> str:
    if not dn.strip():
        return ""
    return ",".join(f"{rdn[0][0].lower()}={_escaped(rdn[0][1]).lower()}" if len(rdn) == 1 else
                    "+".join(sorted(f"{a.lower()}={_escaped(v).lower()}" for a, v in rdn)) for rdn in rdns(dn))


def parent_dn(dn: str) -> str:
    """The DN without its first RDN ('' for a one-RDN DN)."""
    return ",".join(_rdn_text(r) for r in rdns(dn)[1:])


def first_value(dn: str) -> str:
    """The (first) value of the first RDN: `ou=研发部,dc=x` → `研发部`."""
    parts = rdns(dn)
    return parts[0][0][1] if parts else ""


def is_within(key: str, ancestor_key: str) -> bool:
    """True when the DN with comparison key `key` is `ancestor_key` or below it."""
    if key == ancestor_key:
        return True
    if not ancestor_key or not key.endswith("," + ancestor_key):
        return False
    prefix = key[:-len(ancestor_key) - 1]
    return (len(prefix) - len(prefix.rstrip("\\"))) % 2 == 0  # an odd run of backslashes escapes the comma


def ancestors(key: str, stop_key: str) -> Iterator[str]:
    """Comparison keys of the DNs strictly between `key` and `stop_key`, nearest first (lazily)."""
    rest = key
    while "," in rest:
        rest = _split_first(rest)
        if rest == stop_key or not is_within(rest, stop_key):
            return
        yield rest


def _split_first(key: str) -> str:
    """Drop the first RDN of a comparison key (its escaped commas are `\\,` and never split)."""
    if "\\" not in key:
        return key.split(",", 1)[1] if "," in key else ""
    i = 0
    while i < len(key):
        ch = key[i]
        if ch == "\\":
            i += 2
            continue
        if ch == ",":
            return key[i + 1:]
        i += 1
    return ""
