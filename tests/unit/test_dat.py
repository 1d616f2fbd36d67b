"""The .dat container on real files: round trips, passwords, every kind of damage and tampering."""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from youdu_console.domain.errors import YouduError
from youdu_console.interchange import dat
from youdu_console.interchange.common import Cancelled


def records(members: int = 50) -> Iterator[dict[str, Any]]:
    yield {"type": "meta", "format": dat.FORMAT, "version": dat.VERSION, "counts": {}}
    yield {"type": "department", "gid": "d" * 32, "name": "研发部", "parent": None, "sort": 0, "alias": None}
    for i in range(members):
        yield {"type": "member", "gid": f"{i:032x}", "account": f"u{i}", "name": "张伟",
               "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
               "departments": [{"dept": "d" * 32, "position": "工程师"}]}
    yield {"type": "setting", "key": "security.lockout_threshold", "value": 7}
    yield {"type": "end", "counts": {"department": 1, "member": members, "setting": 1}}


def write(path: Path, password: str | None = None, members: int = 50) -> Path:
    dat.write_dat(path, records(members), password=password)
    return path


def code_of(path: Path, password: str | None = None) -> str:
    with pytest.raises(YouduError) as info:
        list(dat.read_dat(path, password=password))
    return info.value.code


def reseal(data: bytes) -> bytes:
    """Recompute the SHA-256 trailer, as someone tampering on purpose would."""
    body = data[: -(len(dat.TRAILER_MAGIC) + 32)]
    return body + dat.TRAILER_MAGIC + hashlib.sha256(body).digest()


@pytest.mark.parametrize("password", [None, "S3cret-口令"])
def test_round_trip(tmp_path: Path, password: str | None) -> None:
    path = write(tmp_path / "b.dat", password, members=3000)
    assert list(dat.read_dat(path, password=password)) == list(records(3000))
    info = dat.read_info(path)
    assert info.encrypted is bool(password) and info.version == 1
    assert path.read_bytes().startswith(dat.MAGIC)


def test_encrypted_file_hides_the_records(tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.dat").read_bytes()
    secret = write(tmp_path / "secret.dat", "pw").read_bytes()
    import gzip

    assert b"password_hash" in gzip.decompress(_payload(plain))
    # Strings of 6+ bytes: a 2-byte one would turn up in kilobytes of ciphertext by chance.
    assert b"password_hash" not in secret and b"$argon2id" not in secret and "张伟".encode() not in secret


def _payload(data: bytes) -> bytes:
    (header_len,) = struct.unpack(">I", data[len(dat.MAGIC) + 2:len(dat.MAGIC) + 6])
    pos = len(dat.MAGIC) + 6 + header_len
    out = b""
    while True:
        (word,) = struct.unpack(">I", data[pos:pos + 4])
        length = word & ~dat.FINAL
        out += data[pos + 4:pos + 4 + length]
        pos += 4 + length
        if word & dat.FINAL:
            return out


def test_password_required_and_wrong_password(tmp_path: Path) -> None:
    path = write(tmp_path / "b.dat", "right")
    assert code_of(path) == "dat_password_required"
    assert code_of(path, "wrong") == "dat_wrong_password"


@pytest.mark.parametrize("password", [None, "pw"])
def test_any_flipped_byte_is_damage(tmp_path: Path, password: str | None) -> None:
    data = write(tmp_path / "b.dat", password, members=3000).read_bytes()
    step = max(1, len(data) // 97)
    for pos in list(range(0, len(data), step)) + [len(data) - 1, len(data) - 33, len(dat.MAGIC) + 1]:
        bad = bytearray(data)
        bad[pos] ^= 0x10
        target = tmp_path / "flipped.dat"
        target.write_bytes(bytes(bad))
        expected = {"dat_not_dat"} if pos < len(dat.MAGIC) else {"dat_corrupt"}
        assert code_of(target, password) in expected, pos


@pytest.mark.parametrize("keep", [0, 5, 9, 40, 0.5, 0.99])
def test_truncated_file_is_damage(tmp_path: Path, keep: float) -> None:
    data = write(tmp_path / "b.dat", members=3000).read_bytes()
    cut = keep if isinstance(keep, int) else int(len(data) * keep)
    target = tmp_path / "cut.dat"
    target.write_bytes(data[:cut])
    assert code_of(target) in ({"dat_not_dat"} if cut < len(dat.MAGIC) else {"dat_corrupt"})


def test_other_files_are_not_backups(tmp_path: Path) -> None:
    other = tmp_path / "x.dat"
    other.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert code_of(other) == "dat_not_dat"


def _rewrite_header(data: bytes, change: dict[str, Any], version: int | None = None) -> bytes:
    (old_version, header_len) = struct.unpack(">HI", data[len(dat.MAGIC):len(dat.MAGIC) + 6])
    start = len(dat.MAGIC) + 6
    header = json.loads(data[start:start + header_len])
    header.update(change)
    raw = json.dumps(header).encode()
    out = dat.MAGIC + struct.pack(">HI", version or old_version, len(raw)) + raw + data[start + header_len:]
    return reseal(out)


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    data = write(tmp_path / "b.dat").read_bytes()
    target = tmp_path / "new.dat"
    target.write_bytes(_rewrite_header(data, {}, version=2))
    assert code_of(target) == "dat_version_unsupported"


def test_hostile_key_derivation_parameters_are_refused(tmp_path: Path) -> None:
    data = write(tmp_path / "b.dat", "pw").read_bytes()
    (header_len,) = struct.unpack(">I", data[len(dat.MAGIC) + 2:len(dat.MAGIC) + 6])
    header = json.loads(data[len(dat.MAGIC) + 6:len(dat.MAGIC) + 6 + header_len])
    header["encryption"]["kdf"]["memory_cost"] = 64 * 1024 * 1024  # 64 GiB
    target = tmp_path / "kdf.dat"
    target.write_bytes(_rewrite_header(data, {"encryption": header["encryption"]}))
    assert code_of(target, "pw") == "dat_corrupt"


def test_resealed_tampering_of_an_encrypted_file_fails_authentication(tmp_path: Path) -> None:
    data = bytearray(write(tmp_path / "b.dat", "pw", members=3000).read_bytes())
    data[-(len(dat.TRAILER_MAGIC) + 32) - 20] ^= 1  # inside the last frame's ciphertext
    target = tmp_path / "tampered.dat"
    target.write_bytes(reseal(bytes(data)))
    with pytest.raises(YouduError) as info:
        list(dat.read_dat(target, password="pw"))
    assert info.value.code == "dat_corrupt" and "authentication" in info.value.message("en")


def test_edited_header_of_an_encrypted_file_fails_authentication(tmp_path: Path) -> None:
    data = write(tmp_path / "b.dat", "pw").read_bytes()
    target = tmp_path / "edited.dat"
    target.write_bytes(_rewrite_header(data, {"app": "someone else"}))
    assert code_of(target, "pw") == "dat_corrupt"


def test_missing_end_record_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "noend.dat"
    with path.open("wb") as fh:
        writer = dat.DatWriter(fh)
        for record in list(records(5))[:-1]:
            writer.write(record)
        writer.close()
    assert code_of(path) == "dat_corrupt"


def test_end_record_counts_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "counts.dat"
    items = list(records(5))
    items[-1] = {"type": "end", "counts": {"department": 1, "member": 6, "setting": 1}}
    dat.write_dat(path, items)
    assert code_of(path) == "dat_corrupt"


def test_cancelled_backup_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "b.dat"
    with pytest.raises(Cancelled):
        dat.write_dat(target, records(20_000), cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_reading_reports_progress(tmp_path: Path) -> None:
    path = write(tmp_path / "b.dat", members=30_000)
    seen: list[tuple[int, int]] = []
    assert sum(1 for _ in dat.read_dat(path, progress=lambda d, t: seen.append((d, t)))) == 30_004
    assert seen and seen[-1][1] == path.stat().st_size
