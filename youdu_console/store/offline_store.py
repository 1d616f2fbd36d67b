"""The helpdesk's local files for working without the shared database: the signed request queue and the
encrypted read-only snapshot, one pair per database and administrator, with their keys in the secret store.

- Keys: `offline-sign:<db>/<admin>` (HMAC-SHA256 over each request) and `offline-data:<db>/<admin>` (a Fernet
  key: the snapshot and queued password hashes are encrypted with it) live in the OS keyring (or the secrets
  file the administrator chose, store.secrets). They are made on a connection that logged in, never offline:
  holding them is what lets this desktop user queue requests in that administrator's name.
- Files: `<user data dir>/offline/<db>/<admin>.queue.json` (0600; each request signed, the queue itself plain
  JSON so one damaged request is refused alone) and `…/<admin>.snapshot` (Fernet: encrypted and authenticated).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from youdu_console.domain.errors import YouduError
from youdu_console.store.secrets import get_secret, set_secret

QUEUE_FORMAT = "youdu-console offline queue 1"
SIGNED_FIELDS = ("id", "kind", "account", "admin", "db", "requested_at", "password", "force_change", "key_id")


class OfflineError(YouduError):
    """The offline queue cannot be used as it is (no keys on this desktop, no secret store, a damaged file)."""

    kind = "offline"


def database_key(url: str) -> str:
    """The shared database a queue belongs to, whoever logs in: host, port and database, without credentials."""
    u = make_url(url)
    ident = f"{u.get_backend_name()}://{u.host or ''}:{u.port or ''}/{u.database or ''}"
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("youdu-console", "Youdu")) / "offline"


def _safe(name: str) -> str:
    return base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")


class OfflineFiles:
    """The queue, the snapshot and the keys of one administrator on one database, on this desktop."""

    def __init__(self, url: str, admin: str) -> None:
        self.db = database_key(url)
        self.admin = admin
        folder = data_dir() / self.db
        self.queue_path = folder / f"{_safe(admin)}.queue.json"
        self.snapshot_path = folder / f"{_safe(admin)}.snapshot"

    # ------------------------------------------------------------------ keys
    def _secret_name(self, kind: str) -> str:
        return f"{kind}:{self.db}/{self.admin}"

    def ensure_keys(self) -> None:
        """Make this administrator's keys on this desktop (after a real login); refused without a secret store."""
        for kind, make in (("offline-sign", lambda: secrets.token_hex(32)),
                           ("offline-data", lambda: _fernet_key())):
            name = self._secret_name(kind)
            if get_secret(name) is None and set_secret(name, make()) is None:
                raise OfflineError("offline_no_keyring")

    def _key(self, kind: str) -> str:
        value = get_secret(self._secret_name(kind))
        if value is None:
            raise OfflineError("offline_not_prepared", admin=self.admin)
        return value

    def has_keys(self) -> bool:
        return all(get_secret(self._secret_name(k)) is not None for k in ("offline-sign", "offline-data"))

    def key_id(self) -> str:
        """A fingerprint of the signing key (not the key): tells "signed by another key" from "altered"."""
        return hashlib.sha256(self._key("offline-sign").encode("ascii")).hexdigest()[:12]

    # ------------------------------------------------------------------ signing
    def sign(self, request: dict[str, Any]) -> str:
        return hmac.new(bytes.fromhex(self._key("offline-sign")), _canonical(request), hashlib.sha256).hexdigest()

    def signature_holds(self, request: dict[str, Any]) -> bool:
        return hmac.compare_digest(str(request.get("sig", "")), self.sign(request))

    # ------------------------------------------------------------------ encryption
    def encrypt(self, data: bytes) -> str:
        from cryptography.fernet import Fernet

        return Fernet(self._key("offline-data").encode("ascii")).encrypt(data).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        from cryptography.fernet import Fernet, InvalidToken

        try:
            return Fernet(self._key("offline-data").encode("ascii")).decrypt(token.encode("ascii"))
        except (InvalidToken, ValueError):
            raise OfflineError("offline_file_damaged", path=str(self.snapshot_path)) from None

    # ------------------------------------------------------------------ the queue file
    def read_queue(self) -> dict[str, Any]:
        """{"requests": [...], "outcomes": [...]}; a file that is not a queue at all is refused whole."""
        try:
            data = json.loads(self.queue_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": QUEUE_FORMAT, "requests": [], "outcomes": []}
        except (OSError, ValueError):
            raise OfflineError("offline_file_damaged", path=str(self.queue_path)) from None
        if not isinstance(data, dict) or data.get("format") != QUEUE_FORMAT \
                or not isinstance(data.get("requests"), list):
            raise OfflineError("offline_file_damaged", path=str(self.queue_path))
        data.setdefault("outcomes", [])
        return data

    def write_queue(self, data: dict[str, Any]) -> None:
        _write_private(self.queue_path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    # ------------------------------------------------------------------ the snapshot file
    def write_snapshot(self, snapshot: dict[str, Any]) -> None:
        payload = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        _write_private(self.snapshot_path, self.encrypt(payload).encode("ascii"))

    def read_snapshot(self) -> dict[str, Any] | None:
        try:
            token = self.snapshot_path.read_text(encoding="ascii")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            raise OfflineError("offline_file_damaged", path=str(self.snapshot_path)) from None
        data = json.loads(self.decrypt(token))
        return data if isinstance(data, dict) else None


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


def _canonical(request: dict[str, Any]) -> bytes:
    return json.dumps({k: request.get(k) for k in SIGNED_FIELDS}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def _write_private(path: Path, data: bytes) -> None:
    """Replace the file atomically, 0600 from its first byte, in a 0700 folder."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".offline-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
