"""The console's own .dat backup format (version 1): versioned, checksummed, optionally password-encrypted.

The manual's .dat export keeps every member's gid, so a restore is exact. This module only writes and reads
the container and its records; `services/interchange.py` turns the directory into records and back.

Layout (all integers big-endian)::

    magic      8 bytes   89 59 44 44 41 54 0D 0A        ("\\x89YDDAT\\r\\n": catches 7-bit and newline damage)
    version    u16       1
    header_len u32
    header     JSON, UTF-8  {"format": "youdu-console-dat", "version": 1, "created_at": …, "app": …,
                             "compression": "gzip", "encryption": null | {…}}
    frames     u32 length (top bit = last frame) + payload, repeated
    trailer    "YDDATEND" + SHA-256 of every byte before the trailer

The payload bytes, concatenated, are one gzip stream of JSON lines (one record per line). Without a password
a frame's payload is a slice of that stream. With a password, `encryption` is::

    {"cipher": "AES-256-GCM", "kdf": {"name": "argon2id", "salt": b64, "time_cost": 3,
     "memory_cost": 65536 (KiB), "parallelism": 1}, "nonce_prefix": b64 (7 bytes), "key_check": b64}

and each frame is AES-256-GCM with the key argon2id derives from the password, nonce = nonce_prefix ‖ frame
counter (u32) ‖ last-frame flag (1 byte), associated data = the header bytes — so frames cannot be
reordered, dropped, moved across files, or the header edited. `key_check` is the encryption of a fixed text
under a reserved nonce: a wrong password is told apart from a damaged file.

Reading first verifies the SHA-256 trailer over the whole file (a flipped byte or a truncation is reported
as damage before anything else), then the password, then streams records; a missing `end` record, or one
whose counts disagree, is damage too. Records, in order::

    {"type": "meta", "format": "youdu-console-dat", "version": 1, "created_at": …, "counts": {…}}
    {"type": "department", "gid", "name", "parent" (gid or null), "sort", "alias", "created_at"}   parents first
    {"type": "member", "gid", "account", "name", "gender", "mobile", "phone", "short_number", "email",
     "weight", "status", "authorization", "confidential": [...], "attributes": {...}, "password_hash",
     "password_changed_at", "must_change_password", "created_at", "resigned_at",
     "departments": [{"dept": gid, "position": text}, …]}
    {"type": "setting", "key", "value"}
    {"type": "end", "counts": {"department": n, "member": n, "setting": n}}

Readers ignore keys they do not know and refuse a newer format version. See docs/dat-format.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from youdu_console.domain.errors import YouduError
from youdu_console.interchange.common import CancelCheck, Progress, atomic_output, check_cancel, input_file

MAGIC = b"\x89YDDAT\r\n"
TRAILER_MAGIC = b"YDDATEND"
VERSION = 1
FORMAT = "youdu-console-dat"
CHUNK = 1 << 20
FINAL = 0x8000_0000
MAX_HEADER = 64 * 1024
MAX_FRAME = CHUNK + 1024
MAX_LINE = 4 * 1024 * 1024
KEY_CHECK_TEXT = b"youdu-console .dat key check"
KEY_CHECK_COUNTER = 0xFFFF_FFFF
KDF_DEFAULTS = {"name": "argon2id", "time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 1}
# A hostile header must not make us allocate gigabytes or spin for minutes deriving a key.
KDF_LIMITS = {"time_cost": (1, 10), "memory_cost": (8 * 1024, 1024 * 1024), "parallelism": (1, 8)}
RECORD_TYPES = ("meta", "department", "member", "setting", "row", "end")


@dataclass(frozen=True)
class DatInfo:
    """What a backup's header says (readable without the password)."""

    version: int
    created_at: str
    app: str
    encrypted: bool
    header: dict[str, Any]


# ---------------------------------------------------------------- keys

def derive_key(password: str, kdf: dict[str, Any]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    salt = base64.b64decode(kdf["salt"])
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=int(kdf["time_cost"]),
                           memory_cost=int(kdf["memory_cost"]), parallelism=int(kdf["parallelism"]),
                           hash_len=32, type=Type.ID)


def _nonce(prefix: bytes, counter: int, final: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if final else 0)


# ---------------------------------------------------------------- writing

class DatWriter:
    """Streams records into a .dat file: JSON lines → gzip → frames (encrypted when a password is given)."""

    def __init__(self, fh: IO[bytes], *, password: str | None = None, app: str = "youdu-console",
                 created_at: str | None = None) -> None:
        self._fh = fh
        self._hash = hashlib.sha256()
        self._zip = zlib.compressobj(6, zlib.DEFLATED, 31)
        self._pending = bytearray()
        self._counter = 0
        self._aead: Any = None
        header: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                                  "created_at": created_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                                  "app": app, "compression": "gzip", "encryption": None}
        if password:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            kdf = {**KDF_DEFAULTS, "salt": base64.b64encode(os.urandom(16)).decode("ascii")}
            self._aead = AESGCM(derive_key(password, kdf))
            self._prefix = os.urandom(7)
            check = self._aead.encrypt(_nonce(self._prefix, KEY_CHECK_COUNTER, True), KEY_CHECK_TEXT, None)
            header["encryption"] = {"cipher": "AES-256-GCM", "kdf": kdf,
                                    "nonce_prefix": base64.b64encode(self._prefix).decode("ascii"),
                                    "key_check": base64.b64encode(check).decode("ascii")}
        self._header = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self._out(MAGIC + struct.pack(">HI", VERSION, len(self._header)) + self._header)

    def _out(self, data: bytes) -> None:
        self._hash.update(data)
        self._fh.write(data)

    def _frame(self, payload: bytes, final: bool) -> None:
        if self._aead is not None:
            payload = self._aead.encrypt(_nonce(self._prefix, self._counter, final), payload, self._header)
        self._counter += 1
        self._out(struct.pack(">I", len(payload) | (FINAL if final else 0)) + payload)

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=_json_default)
        self._pending += self._zip.compress(line.encode("utf-8") + b"\n")
        while len(self._pending) >= CHUNK:
            self._frame(bytes(self._pending[:CHUNK]), False)
            del self._pending[:CHUNK]

    def close(self) -> None:
        self._pending += self._zip.flush()
        while len(self._pending) > CHUNK:
            self._frame(bytes(self._pending[:CHUNK]), False)
            del self._pending[:CHUNK]
        self._frame(bytes(self._pending), True)
        self._pending.clear()
        digest = self._hash.digest()
        self._fh.write(TRAILER_MAGIC + digest)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def write_dat(path: str | Path, records: Iterable[dict[str, Any]], *, password: str | None = None,
              app: str = "youdu-console", total: int = 0, progress: Progress | None = None,
              cancel: CancelCheck | None = None) -> int:
    """Write records (meta first, end last) to `path`, all or nothing; returns how many were written."""
    count = 0
    with atomic_output(path) as tmp, tmp.open("wb") as fh:
        writer = DatWriter(fh, password=password, app=app)
        for count, record in enumerate(records, start=1):
            writer.write(record)
            if count % 5000 == 0:
                check_cancel(cancel)
                if progress is not None:
                    progress(count, total)
        check_cancel(cancel)
        writer.close()
    if progress is not None:
        progress(count, max(total, count))
    return count


# ---------------------------------------------------------------- reading

def _damaged(p: Path, reason: str) -> YouduError:
    return YouduError("dat_corrupt", file=p.name, reason=reason)


def read_info(path: str | Path) -> DatInfo:
    """The header of a backup, after checking its magic, version and whole-file checksum."""
    p = input_file(path)
    with p.open("rb") as fh:
        header, _ = _read_header(p, fh)
    return _info(header)


def _info(header: dict[str, Any]) -> DatInfo:
    return DatInfo(version=int(header.get("version", VERSION)), created_at=str(header.get("created_at", "")),
                   app=str(header.get("app", "")), encrypted=bool(header.get("encryption")), header=header)


def _read_header(p: Path, fh: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    """Magic, then the whole-file checksum (so damage anywhere is reported as damage), then the header."""
    start = fh.read(len(MAGIC) + 6)
    if len(start) < len(MAGIC) or start[:len(MAGIC)] != MAGIC:
        raise YouduError("dat_not_dat", file=p.name)
    _verify_checksum(p)
    version, header_len = struct.unpack(">HI", start[len(MAGIC):])
    if version > VERSION or version < 1:
        raise YouduError("dat_version_unsupported", version=version)
    if header_len > MAX_HEADER:
        raise _damaged(p, "header too long")
    raw = fh.read(header_len)
    if len(raw) != header_len:
        raise _damaged(p, "truncated header")
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _damaged(p, "unreadable header") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _damaged(p, "unknown header")
    return header, raw


def _verify_checksum(p: Path) -> None:
    size = p.stat().st_size
    tail = len(TRAILER_MAGIC) + 32
    if size < len(MAGIC) + 6 + tail:
        raise _damaged(p, "truncated")
    digest = hashlib.sha256()
    with p.open("rb") as fh:
        left = size - tail
        while left > 0:
            chunk = fh.read(min(left, 1 << 20))
            if not chunk:
                raise _damaged(p, "truncated")
            digest.update(chunk)
            left -= len(chunk)
        trailer = fh.read(tail)
    if trailer[:len(TRAILER_MAGIC)] != TRAILER_MAGIC:
        raise _damaged(p, "truncated: no trailer")
    if trailer[len(TRAILER_MAGIC):] != digest.digest():
        raise _damaged(p, "checksum mismatch")


def _cipher(p: Path, header: dict[str, Any], password: str | None) -> tuple[Any, bytes] | None:
    enc = header.get("encryption")
    if not enc:
        return None
    if not password:
        raise YouduError("dat_password_required")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kdf = enc["kdf"]
        if enc.get("cipher") != "AES-256-GCM" or kdf.get("name") != "argon2id":
            raise _damaged(p, "unknown cipher")
        for name, (low, high) in KDF_LIMITS.items():
            if not low <= int(kdf[name]) <= high:
                raise _damaged(p, f"key derivation parameter {name} out of range")
        prefix = base64.b64decode(enc["nonce_prefix"])
        check = base64.b64decode(enc["key_check"])
        if len(prefix) != 7 or not 16 <= len(base64.b64decode(kdf["salt"])) <= 64:
            raise _damaged(p, "bad encryption parameters")
    except (KeyError, TypeError, ValueError):
        raise _damaged(p, "bad encryption parameters") from None
    aead = AESGCM(derive_key(password, kdf))
    try:
        if aead.decrypt(_nonce(prefix, KEY_CHECK_COUNTER, True), check, None) != KEY_CHECK_TEXT:
            raise YouduError("dat_wrong_password")
    except InvalidTag:
        raise YouduError("dat_wrong_password") from None
    return aead, prefix


def read_dat(path: str | Path, *, password: str | None = None, progress: Progress | None = None,
             cancel: CancelCheck | None = None) -> Iterator[dict[str, Any]]:
    """Yield the records of a backup. Checksum and password are checked before the first record is yielded."""
    p = input_file(path)
    with p.open("rb") as fh:
        header, raw_header = _read_header(p, fh)
        cipher = _cipher(p, header, password)
        total = p.stat().st_size
        yield from _records(p, fh, raw_header, cipher, total, progress, cancel)


def _frames(p: Path, fh: IO[bytes], raw_header: bytes, cipher: tuple[Any, bytes] | None,
            end: int) -> Iterator[bytes]:
    from cryptography.exceptions import InvalidTag

    counter = 0
    while True:
        head = fh.read(4)
        if len(head) != 4 or fh.tell() > end:
            raise _damaged(p, "truncated frames")
        (word,) = struct.unpack(">I", head)
        final, length = bool(word & FINAL), word & ~FINAL
        if length > MAX_FRAME or fh.tell() + length > end:
            raise _damaged(p, "bad frame length")
        payload = fh.read(length)
        if cipher is not None:
            aead, prefix = cipher
            try:
                payload = aead.decrypt(_nonce(prefix, counter, final), payload, raw_header)
            except InvalidTag:
                raise _damaged(p, f"frame {counter} fails authentication") from None
        counter += 1
        yield payload
        if final:
            if fh.tell() != end:
                raise _damaged(p, "data after the last frame")
            return


def _records(p: Path, fh: IO[bytes], raw_header: bytes, cipher: tuple[Any, bytes] | None, total: int,
             progress: Progress | None, cancel: CancelCheck | None) -> Iterator[dict[str, Any]]:
    end = total - len(TRAILER_MAGIC) - 32
    unzip = zlib.decompressobj(31)
    buffer = b""
    state: dict[str, Any] = {"counts": {"department": 0, "member": 0, "setting": 0}, "first": True,
                             "finished": False}
    try:
        for payload in _frames(p, fh, raw_header, cipher, end):
            check_cancel(cancel)
            if progress is not None:
                progress(fh.tell(), total)
            for piece in _inflate(unzip, payload):
                buffer += piece
                *lines, buffer = buffer.split(b"\n")
                if len(buffer) > MAX_LINE:
                    raise _damaged(p, "record too long")
                yield from _checked(p, lines, state)
        if unzip.unused_data:
            raise _damaged(p, "data after the compressed stream")
        buffer += unzip.flush()
    except zlib.error as exc:
        raise _damaged(p, f"compressed data: {exc}") from None
    if not unzip.eof or buffer.strip() or not state["finished"]:
        raise _damaged(p, "incomplete: no end record")


def _inflate(unzip: Any, payload: bytes) -> Iterator[bytes]:
    """Inflate in bounded pieces: a crafted frame cannot make one call return gigabytes."""
    data = payload
    while data:
        yield unzip.decompress(data, 1 << 22)
        data = unzip.unconsumed_tail


def _checked(p: Path, lines: list[bytes], state: dict[str, Any]) -> Iterator[dict[str, Any]]:
    counts = state["counts"]
    for line in lines:
        if state["finished"]:
            raise _damaged(p, "records after the end record")
        record = _parse_line(p, line)
        kind = record["type"]
        if state["first"] != (kind == "meta"):
            raise _damaged(p, "the meta record must come first")
        state["first"] = False
        if kind == "end":
            if record.get("counts") != counts:
                raise _damaged(p, "record counts disagree")
            state["finished"] = True
        if kind in counts or kind == "row":  # "row" is counted only in files that carry such records
            counts[kind] = counts.get(kind, 0) + 1
        yield record


def _parse_line(p: Path, line: bytes) -> dict[str, Any]:
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _damaged(p, "unreadable record") from None
    if not isinstance(record, dict) or record.get("type") not in RECORD_TYPES:
        raise _damaged(p, "unknown record")
    return record
