"""What importers and exporters share: job callbacks, cancellation, whole-or-nothing output files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from youdu_console.domain.errors import YouduError

# A long job is `job(progress, cancel) -> result` (DESIGN §5): progress(done, total) reports, cancel() asks.
Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class Cancelled(YouduError):
    """The administrator cancelled a job; raised before anything was written."""

    kind = "cancelled"

    def __init__(self) -> None:
        super().__init__("job_cancelled")


def no_progress(done: int, total: int) -> None:
    """The default progress callback: nobody is watching."""


def never_cancel() -> bool:
    return False


def check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def input_file(path: str | os.PathLike[str]) -> Path:
    """The path of a file to import, refused with a coded error when it cannot be read."""
    p = Path(path)
    if not p.is_file() or not os.access(p, os.R_OK):
        raise YouduError("file_unreadable", file=str(p))
    return p


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only when the block succeeds.

    A failed or cancelled export therefore never leaves a half-written file under the requested name.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise YouduError("file_write_failed", file=str(target), reason="directory does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise YouduError("file_write_failed", file=str(target), reason=exc.strerror or str(exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise YouduError("file_write_failed", file=str(target), reason=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

