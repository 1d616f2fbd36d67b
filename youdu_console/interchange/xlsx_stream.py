"""A streaming .xlsx sheet reader for workbooks calamine cannot hold: rows as they are stored, in flat memory.

calamine builds a dense rectangle from the sheet's first to its last cell (and pre-sizes it from the declared
`<dimension>`), so a legitimate sheet whose used range reaches XFD1048576 — one stray formatted cell, or a
dimension record a generator wrote carelessly — asks for hundreds of GiB and the reader process aborts.
This reader never allocates from a declared size: it walks the sheet XML with `iterparse`, keeps only the
cells it meets, and yields each row padded to its own last cell. Rows missing from the file come out empty
so row numbers stay those Excel shows. Cells right of column `MAX_COLUMNS` are ignored (an address book has
a dozen columns; Excel 2003 had 256).

It runs in the same capped child process as calamine (sheet_worker) and only after calamine failed, and the
container has already passed the zip-bomb checks (excel.check_zip). A DTD or entity declaration is refused
before parsing, and lxml runs with `resolve_entities=False, no_network=True, huge_tree=False`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

MAX_COLUMNS = 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class StreamError(Exception):
    """The workbook's structure is not what an .xlsx holds; the message says what."""


def _q(tag: str) -> str:
    return f"{{{_MAIN}}}{tag}"


def _parse(fh: IO[bytes]) -> Any:
    from lxml import etree

    return etree.parse(fh, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                           huge_tree=False, remove_comments=True, remove_pis=True))


def _open_part(zf: zipfile.ZipFile, name: str) -> IO[bytes]:
    try:
        with zf.open(name) as probe:
            if _DTD.search(probe.read(4096)):
                raise StreamError(f"{name}: DTD or entity declarations are not accepted")
        return zf.open(name)
    except KeyError:
        raise StreamError(f"missing part {name}") from None


def first_visible_sheet(zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """(sheet name, zip part) of the first visible worksheet, or None."""
    with _open_part(zf, "xl/workbook.xml") as fh:
        workbook = _parse(fh).getroot()
    with _open_part(zf, "xl/_rels/workbook.xml.rels") as fh:
        rels = {r.get("Id"): r.get("Target", "") for r in _parse(fh).getroot().iter(f"{{{_PKG_REL}}}Relationship")}
    for sheet in workbook.iter(_q("sheet")):
        if sheet.get("state", "visible") != "visible":
            continue
        target = rels.get(sheet.get(f"{{{_REL}}}id"))
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part.startswith("xl/worksheets/"):
            return sheet.get("name", ""), part
    return None


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    from lxml import etree

    out: list[str] = []
    with _open_part(zf, "xl/sharedStrings.xml") as fh:
        for _event, si in etree.iterparse(fh, events=("end",), tag=_q("si"), resolve_entities=False,
                                          no_network=True, load_dtd=False, huge_tree=False):
            # Rich text: the runs' texts joined; phonetic guides (rPh) are not part of the value.
            out.append("".join(t.text or "" for t in si.iter(_q("t")) if t.getparent().tag != _q("rPh")))
            si.clear()
    return out


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _value(cell: Any, kind: str | None, strings: list[str]) -> Any:
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(_q("t")))
    v = cell.find(_q("v"))
    text = v.text if v is not None else None
    if text is None:
        return None
    if kind == "s":
        index = int(text)
        return strings[index] if 0 <= index < len(strings) else ""
    if kind in ("str", "e"):
        return text if kind == "str" else ""
    if kind == "b":
        return text.strip() == "1"
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def iter_rows(zf: zipfile.ZipFile, part: str, strings: list[str]) -> Iterator[list[Any]]:
    """Every row from the first (row 1), padded only to its own last cell; absent rows come out empty."""
    from lxml import etree

    expected = 1
    with _open_part(zf, part) as fh:
        for _event, row in etree.iterparse(fh, events=("end",), tag=_q("row"), resolve_entities=False,
                                           no_network=True, load_dtd=False, huge_tree=False):
            number = int(row.get("r") or expected)
            if number < expected:
                raise StreamError(f"{part}: row {number} out of order")
            while expected < number:
                yield []
                expected += 1
            cells: dict[int, Any] = {}
            next_col = 0
            for cell in row.iter(_q("c")):
                ref = cell.get("r")
                match = _CELL_REF.match(ref) if ref else None
                col = _column(match.group(1)) if match else next_col
                next_col = col + 1
                if col >= MAX_COLUMNS:
                    continue
                value = _value(cell, cell.get("t"), strings)
                if value is not None and value != "":
                    cells[col] = value
            out: list[Any] = [""] * (max(cells) + 1 if cells else 0)
            for col, value in cells.items():
                out[col] = value
            yield out
            expected = number + 1
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
