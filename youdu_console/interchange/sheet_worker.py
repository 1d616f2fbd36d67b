"""Reads a workbook's first visible sheet in a child process, so a hostile file cannot take the console down.

calamine (Rust) is fast, but a crafted or damaged file can end the process that runs it: a 2 KB .xlsx with
one cell at XFD1048576 makes it request 512 GiB and abort (such an .xlsx is then read by xlsx_stream), a corrupted .xls 25 GiB, and some truncated .xls
files make it panic (all measured with calamine 0.37). An abort cannot be caught, so the sheet is read in a
spawned child with a capped address space; the parent receives the rows in batches over a pipe and turns a
dead child into a coded error. Reading this way costs ~0.2 s per 100k rows, partly won back because the
parent builds records while the child reads.

Frozen builds (PyInstaller) must call `multiprocessing.freeze_support()` first thing in the entry point.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from youdu_console.domain.errors import YouduError

MEMORY_LIMIT = 2 * 1024 * 1024 * 1024  # a full 1,048,576 × 20 sheet fits; the bombs above do not
BATCH = 5000


@dataclass
class SheetStream:
    """The sheet's name, calamine's data bounds (0-based, or None when empty) and its rows as they arrive."""

    name: str
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    rows: Iterator[list[Any]]


# ---------------------------------------------------------------- child side

def child_main(path: str, conn: Connection, memory_limit: int, reader: str = "calamine") -> None:
    """Entry point of the reader process: send ("sheet", …), ("rows", [...])…, ("done",) or ("error", code, why)."""
    _silence_stderr()
    _limit_memory(memory_limit)
    if reader == "stream":
        _stream_main(path, conn)
        return
    try:
        import python_calamine as pc

        try:
            wb = pc.CalamineWorkbook.from_path(path)
        except pc.PasswordError:
            conn.send(("error", "excel_encrypted", ""))
            return
        sheet = _first_visible(pc, wb)
        if sheet is None:
            conn.send(("error", "excel_no_visible_sheet", ""))
            return
        conn.send(("sheet", sheet.name, sheet.start, sheet.end))
        batch: list[list[Any]] = []
        for row in sheet.iter_rows():
            batch.append(row)
            if len(batch) >= BATCH:
                conn.send(("rows", batch))
                batch = []
        conn.send(("rows", batch))
        conn.send(("done",))
    except BaseException as exc:  # noqa: BLE001 - calamine raises CalamineError, ValueError or PanicException
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        conn.send(("error", "file_corrupt", reason))
    finally:
        conn.close()


def _stream_main(path: str, conn: Connection) -> None:
    """The fallback for .xlsx files calamine cannot hold (see xlsx_stream): same messages, no dense range."""
    import zipfile

    from youdu_console.interchange import xlsx_stream

    try:
        with zipfile.ZipFile(path) as zf:
            found = xlsx_stream.first_visible_sheet(zf)
            if found is None:
                conn.send(("error", "excel_no_visible_sheet", ""))
                return
            name, part = found
            strings = xlsx_stream.shared_strings(zf)
            conn.send(("sheet", name, None, None))
            batch: list[list[Any]] = []
            for row in xlsx_stream.iter_rows(zf, part, strings):
                batch.append(row)
                if len(batch) >= BATCH:
                    conn.send(("rows", batch))
                    batch = []
            conn.send(("rows", batch))
            conn.send(("done",))
    except BaseException as exc:  # noqa: BLE001 - any failure of a hostile file becomes a coded refusal
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        conn.send(("error", "file_corrupt", reason))
    finally:
        conn.close()


def _first_visible(pc: Any, wb: Any) -> Any:
    for meta in wb.sheets_metadata:
        if meta.visible == pc.SheetVisibleEnum.Visible and meta.typ == pc.SheetTypeEnum.WorkSheet:
            return wb.get_sheet_by_name(meta.name)
    return None


def _silence_stderr() -> None:
    """A Rust abort prints a backtrace; the parent reports the failure in the user's language instead."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limit_memory(limit: int) -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no RLIMIT_AS: an impossible allocation still only ends the child


# ---------------------------------------------------------------- parent side

class _ReaderDied(YouduError):
    """The reader process ended without a word: calamine aborted (an allocation it could not make) or crashed."""


def _start(path: Path, reader: str) -> tuple[Any, Connection]:
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=child_main, args=(str(path), sender, MEMORY_LIMIT, reader), daemon=True,
                       name="youdu-sheet-reader")
    proc.start()
    sender.close()
    return proc, receiver


_PRESTARTED: dict[str, tuple[Any, Connection]] = {}


def prestart(path: Path) -> None:
    """Start the reader for `path` now, so that it reads while the command is still loading its modules and
    logging in (`import excel` on 100,000 rows: ~0.5 s of the whole command). `open_first_visible_sheet`
    takes it over; a command that ends before that leaves a daemon child, which ends with it."""
    try:
        key = str(path.resolve())
        if key not in _PRESTARTED and path.is_file():
            _PRESTARTED[key] = _start(path, "calamine")
    except OSError:
        pass  # the command itself reports a missing or unreadable file, with its coded error


def _take_or_start(path: Path) -> tuple[Any, Connection]:
    """The reader started early for this file (by `prestart`), else a new one."""
    try:
        started = _PRESTARTED.pop(str(path.resolve()), None)
    except OSError:
        started = None
    return started if started is not None else _start(path, "calamine")


def _stop(proc: Any, receiver: Connection) -> None:
    if proc.is_alive():
        proc.kill()
    proc.join()
    receiver.close()


def _is_zip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


@contextmanager
def open_first_visible_sheet(path: Path) -> Iterator[SheetStream]:
    """Start the reader process for `path`; it is killed when the block ends, however it ends.

    calamine reads first. When it dies before describing the sheet — it sizes its grid from the sheet's
    declared or actual extent, so a legitimate .xlsx whose used range reaches XFD1048576 makes it abort — an
    .xlsx is read again by the streaming reader (xlsx_stream), which allocates only for cells that exist.
    """
    proc, receiver = _take_or_start(path)
    try:
        try:
            first = _receive(receiver, proc, path)
        except _ReaderDied:
            if not _is_zip(path):
                raise
            _stop(proc, receiver)
            proc, receiver = _start(path, "stream")
            first = _receive(receiver, proc, path)
        if first[0] == "error":
            raise _error(path, first[1], first[2])
        if first[0] != "sheet":
            raise YouduError("file_corrupt", file=path.name, reason=f"unexpected reader message {first[0]}")
        _, name, start, end = first
        yield SheetStream(name, tuple(start) if start else None, tuple(end) if end else None,
                          _rows(receiver, proc, path))
    finally:
        _stop(proc, receiver)


def _rows(receiver: Connection, proc: Any, path: Path) -> Iterator[list[Any]]:
    while True:
        msg = _receive(receiver, proc, path)
        if msg[0] == "rows":
            yield from msg[1]
        elif msg[0] == "done":
            return
        else:
            raise _error(path, msg[1], msg[2])


def _receive(receiver: Connection, proc: Any, path: Path) -> tuple[Any, ...]:
    try:
        return tuple(receiver.recv())
    except (EOFError, OSError):
        proc.join()
        reason = f"the reader stopped (exit code {proc.exitcode}): damaged, or needs too much memory"
        raise _ReaderDied("file_corrupt", file=path.name, reason=reason) from None


def _error(path: Path, code: str, reason: str) -> YouduError:
    if code == "file_corrupt":
        return YouduError("file_corrupt", file=path.name, reason=reason)
    return YouduError(code, file=path.name)
