"""Tencent RTX (腾讯通) organisation exports, RTX 2005 and later (.xml / .xms), read into MemberRecords.

The file's root element starts with `RTX2005` (`RTX2005OrLater_Exported_Data_…`); under `Database` each table
is an element whose `Item` children carry the columns as attributes:

- `Sys_User`       ID, UserName (the account), Name, Gender (0 = male, 1 = female), Mobile, Email, Phone
- `RTX_UserDetail` ID, Position
- `RTX_Dept`       DeptID, PDeptID (0 = top level), DeptName
- `RTX_DeptUser`   DeptID, UserID — one Item per membership, so a user may be in several departments

Unknown tables and attributes are ignored; table and attribute names match case-insensitively.

Files are usually GB2312/GBK/GB18030. A GB2312 declaration is read as GB18030 (its superset: such files
routinely hold GBK-only characters such as 镕 or 喆); no or an unknown declaration means UTF-8 when the bytes
are valid UTF-8, else GB18030. lxml decodes these directly (`xml.etree` refuses multi-byte encodings).

Security: a DOCTYPE or entity declaration is refused before parsing — libxml2 expands internal entities in
attribute values even with `resolve_entities=False`, so a "billion laughs" file must never reach it — and the
parser itself runs with `resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False`.
Parsing is `iterparse` with `clear()`, so memory stays flat however large the export.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.model import MemberRecord
from youdu_console.domain.validation import DEFAULT_MAX_DEPTH, check_depth, normalize_dept_name
from youdu_console.interchange.common import CancelCheck, Progress, check_cancel, input_file

ROOT_PREFIX = "RTX2005"
PRESCAN_BYTES = 1 << 20
GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "ms936", "x-gbk", "euc-cn", "euccn", "csgb2312", "gb_2312-80",
             "chinese", "windows-936"}
RTX_GENDER = {"0": "male", "1": "female"}
_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_NAME = re.compile(r"[^\s/>]+")


@dataclass
class RtxRead:
    """What the reader found: members, every department path (parents first) and file-level problems."""

    records: list[MemberRecord] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    root: str = ""
    encoding: str = ""


# ---------------------------------------------------------------- sniffing: encoding, root, no DTD

def sniff(p: Path) -> tuple[str | None, str]:
    """(encoding to force on the parser or None, root element name); refuses DTDs and non-RTX files."""
    with p.open("rb") as fh:
        head = fh.read(PRESCAN_BYTES)
        complete = len(head) < PRESCAN_BYTES or fh.read(1) == b""
    if not head.strip():
        raise YouduError("file_corrupt", file=p.name, reason="empty file")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        forced, text = None, head.decode("utf-16", errors="replace")
    else:
        forced = _choose_encoding(p, head)
        text = head.decode(forced, errors="replace")
    root = _root_name(text, p, complete)
    if not root.startswith(ROOT_PREFIX):
        raise YouduError("rtx_not_rtx", file=p.name, root=root[:80])
    return forced, root


def _choose_encoding(p: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    m = _DECL.match(head)
    declared = m.group(1).decode("ascii").lower() if m else ""
    if declared in GB_FAMILY:
        return "gb18030"
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return codecs.lookup(declared).name
        except LookupError:
            pass  # unknown to Python: judge the bytes, as for a missing declaration
    return "utf-8" if _is_utf8(p) else "gb18030"


def _is_utf8(p: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with p.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _root_name(text: str, p: Path, complete: bool) -> str:
    """Walk the prolog (declaration, comments, processing instructions) to the root element's name."""
    i = 0
    n = len(text)
    while True:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        if i >= n:
            break
        if text.startswith("<?", i):
            end = text.find("?>", i)
            if end < 0:
                break
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i)
            if end < 0:
                break
            i = end + 3
        elif text.startswith("<!", i):
            raise YouduError("xml_dtd_refused", file=p.name)
        elif text.startswith("<", i):
            m = _NAME.match(text, i + 1)
            if m:
                return m.group(0)
            break
        else:
            break
    if complete or i < n:
        raise YouduError("file_corrupt", file=p.name, reason="no XML root element")
    raise YouduError("rtx_not_rtx", file=p.name, root="")


# ---------------------------------------------------------------- parsing

# The columns read from each table, in the case RTX writes them; other cases are found by a slower lookup.
COLUMNS: dict[str, tuple[str, ...]] = {
    "sys_user": ("ID", "UserName", "Name", "Gender", "Mobile", "Email", "Phone", "Position"),
    "rtx_userdetail": ("ID", "Position"),
    "rtx_dept": ("DeptID", "PDeptID", "DeptName"),
    "rtx_deptuser": ("DeptID", "UserID"),
}


@dataclass
class _Tables:
    users: list[tuple[str, ...]] = field(default_factory=list)
    positions: dict[str, str] = field(default_factory=dict)
    depts: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (parent id, name)
    memberships: dict[str, list[str]] = field(default_factory=dict)  # user id -> dept ids
    seen_tables: set[str] = field(default_factory=set)


def read_org(path: str | Path, *, progress: Progress | None = None, cancel: CancelCheck | None = None,
             max_depth: int = DEFAULT_MAX_DEPTH) -> RtxRead:
    """Read an RTX export: members (row = the user's ordinal in Sys_User) and department paths.

    A department deeper than `max_depth` refuses the whole file (`dept_too_deep`): the structure is the
    point of an RTX import, and a file 3,000 levels deep is not an organisation.
    """
    p = input_file(path)
    forced, root = sniff(p)
    tables = _Tables()
    total = p.stat().st_size
    users, positions, depts, memberships = tables.users, tables.positions, tables.depts, tables.memberships
    for table, values in _items(p, forced, progress, cancel, total):
        if table == "sys_user":
            users.append(values)
        elif table == "rtx_deptuser":
            did, uid = values
            if uid and did:
                memberships.setdefault(uid, []).append(did)
        elif table == "rtx_userdetail":
            if values[0] and values[1]:
                positions[values[0]] = values[1]
        elif table == "rtx_dept":
            if values[0]:
                depts[values[0]] = (values[1] or "0", values[2])
        tables.seen_tables.add(table)
    if "sys_user" not in tables.seen_tables:
        raise YouduError("rtx_no_users", file=p.name)
    out = RtxRead(root=root, encoding=forced or "utf-16")
    paths = _dept_paths(tables.depts, out.errors, max_depth)
    out.departments = sorted(set(paths.values()), key=lambda s: (s.count("/"), s))
    for i, user in enumerate(tables.users, start=1):
        record = _record(i, user, tables, paths, out.errors)
        if record is not None:
            out.records.append(record)
    check_cancel(cancel)
    if progress is not None:
        progress(total, total)
    return out


def _items(p: Path, forced: str | None, progress: Progress | None, cancel: CancelCheck | None,
           total: int) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(table, wanted column values) for every Item of a known table, clearing the tree behind it."""
    from lxml import etree

    parser_args: dict[str, Any] = {"events": ("end",), "tag": ("Item", "item", "ITEM"), "resolve_entities": False,
                                   "no_network": True, "load_dtd": False, "dtd_validation": False,
                                   "huge_tree": False, "remove_comments": True, "remove_pis": True}
    if forced:
        parser_args["encoding"] = forced
    table_names: dict[str, str] = {}
    keys: dict[str, list[str]] = {}  # table -> the wanted columns' attribute names as this file spells them
    try:
        with p.open("rb") as fh:
            for n, (_event, el) in enumerate(etree.iterparse(fh, **parser_args), start=1):
                parent = el.getparent()
                tag = parent.tag if parent is not None else ""
                table = table_names.get(tag) if isinstance(tag, str) else ""
                if table is None:
                    table = table_names[tag] = tag.lower()
                if table in COLUMNS:
                    names = keys.get(table)
                    if names is None:
                        names = keys[table] = _spelling(el, COLUMNS[table])
                    get = el.get
                    yield table, tuple([(get(name) or "").strip() for name in names])
                el.clear()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
                if n % 20000 == 0:
                    check_cancel(cancel)
                    if progress is not None:
                        progress(min(fh.tell(), total), total)
    except etree.XMLSyntaxError as exc:
        raise YouduError("file_corrupt", file=p.name, reason=str(exc)[:200]) from None
    except LookupError as exc:
        raise YouduError("file_corrupt", file=p.name, reason=str(exc)[:200]) from None


def _spelling(el: Any, wanted: tuple[str, ...]) -> list[str]:
    """Match the wanted column names to the first Item's attributes case-insensitively (RTX writes one case)."""
    actual = {key.lower(): key for key in el.keys()}
    return [actual.get(name.lower(), name) for name in wanted]


def _dept_paths(depts: dict[str, tuple[str, str]], errors: list[dict[str, Any]],
                max_depth: int = DEFAULT_MAX_DEPTH) -> dict[str, str]:
    """Department id → full path; cycles, dangling parents and invalid names become entry errors."""
    paths: dict[str, str] = {}
    depths: dict[str, int] = {}
    failed: set[str] = set()
    for did in depts:
        _resolve(did, depts, paths, failed, errors, depths, max_depth)
    return paths


def _resolve(did: str, depts: dict[str, tuple[str, str]], paths: dict[str, str], failed: set[str],
             errors: list[dict[str, Any]], depths: dict[str, int], max_depth: int) -> None:
    chain: list[str] = []
    on_chain: set[str] = set()
    cur = did
    while cur not in paths and cur not in ("0", ""):
        problem: YouduError | None = None
        if cur in failed:
            failed.update(chain)
            return
        if cur in on_chain:
            problem = ValidationError("rtx_dept_cycle", field="PDeptID", id=chain[-1])
        elif cur not in depts:
            problem = ValidationError("rtx_dept_parent_missing", field="PDeptID", id=cur)
        if problem is not None:
            _dept_error(errors, chain[-1], depts, problem)
            failed.update(chain)
            return
        chain.append(cur)
        on_chain.add(cur)
        cur = depts[cur][0]
    prefix = paths.get(cur, "")
    depth = depths.get(cur, 0)
    check_depth(depth + len(chain), max_depth, f"{prefix}/{_chain_names(chain, depts)}" if prefix
                else _chain_names(chain, depts))
    for d in reversed(chain):
        depth += 1
        depths[d] = depth
        try:
            name = normalize_dept_name(depts[d][1])
        except ValidationError as exc:
            _dept_error(errors, d, depts, exc)
            failed.update(c for c in chain if c not in paths)
            return
        prefix = f"{prefix}/{name}" if prefix else name
        paths[d] = prefix


def _chain_names(chain: list[str], depts: dict[str, tuple[str, str]]) -> str:
    """The raw names of a chain of department ids (leaf first), as a path from its top."""
    return "/".join(depts[d][1] for d in reversed(chain) if d in depts)


def _dept_error(errors: list[dict[str, Any]], did: str, depts: dict[str, tuple[str, str]],
                exc: YouduError) -> None:
    entry = f"RTX_Dept {did}" + (f" {depts[did][1]}" if did in depts and depts[did][1] else "")
    if not any(e.get("entry") == entry for e in errors):
        errors.append({"row": None, "entry": entry, "field": getattr(exc, "field", None), "code": exc.code, "params": exc.params,
                       "message": exc.message()})


def _record(index: int, user: tuple[str, ...], tables: _Tables, paths: dict[str, str],
            errors: list[dict[str, Any]]) -> MemberRecord | None:
    uid, account, name, gender, mobile, email, phone, position = user
    memberships = tables.memberships.get(uid, [])
    missing = [d for d in memberships if d not in paths]
    if missing:
        exc = ValidationError("rtx_user_dept_missing", field="department", id=", ".join(missing))
        errors.append({"row": index, "entry": account or None, "field": exc.field, "code": exc.code, "params": exc.params,
                       "message": exc.message()})
        return None
    depts = [paths[d] for d in memberships]
    return MemberRecord(
        account=account, name=name, gender=RTX_GENDER.get(gender, gender), mobile=mobile, phone=phone, email=email,
        position=tables.positions.get(uid, position), departments=(list(dict.fromkeys(depts)) if len(depts) > 1
                                                                   else depts) or None, row=index)
