"""The question an IM client asks before a file or image is sent or downloaded: may it, this size, from here?

Manual 5.4.3 (文件传输权限) and appendix 1 Q8: each of the three transfer modes has its own size limit —
offline (离线模式: through the server), P2P (large files sent directly) and interconnected enterprises
(互联企业模式) — and a limit of 0 switches the mode off. 5.4.2 (外网权限): an address outside the internal
ranges (`access.internal_networks`; none declared means every address is internal) is external, and file or
image downloads from external addresses may be switched off.

First that applies wins:

  1. no_such_account          the account does not exist
  2. resigned                 the member is on the resigned list
  3. disabled                 the member is on the disabled list (it cannot log in to send anything)
  4. mode_off                 the mode's limit is 0
  5. too_large                the size exceeds the mode's limit
  6. external_download_off    the address is external and downloads of this kind are off there
  7. ok
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.validation import fold_account
from youdu_console.store import tables
from youdu_console.store.settings import setting_value

MODES = ("offline", "p2p", "interconnect")
KINDS = ("file", "image")
REASONS = ("ok", "no_such_account", "resigned", "disabled", "mode_off", "too_large", "external_download_off")
LIMIT_KEYS = {"offline": "transfer.offline_max_mb", "p2p": "transfer.p2p_max_mb",
              "interconnect": "transfer.interconnect_max_mb"}
# 5.4.2's switches are declared twice (here and in settings_enterprise): a download from outside needs both on.
EXTERNAL_KEYS = {"file": ("access.allow_external_file_download",),
                 "image": ("access.allow_external_image_download",)}
MB = 1024 * 1024
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$", re.IGNORECASE)


def parse_size(text: str | int) -> int:
    """Bytes from `1048576`, `512K`, `20M`, `1.5G` (binary multiples), or a coded error."""
    if isinstance(text, int) and not isinstance(text, bool):
        if text < 0:
            raise ValidationError("file_size_invalid", field="size", value=text)
        return text
    match = _SIZE.match(str(text))
    if match is None:
        raise ValidationError("file_size_invalid", field="size", value=text)
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * 1024 ** "bkmgt".index(unit or "b"))


def is_external(address: str | None, ranges: list[str]) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        raise ValidationError("address_invalid", field="ip", value=address) from None
    return bool(ranges) and not any(ip in ipaddress.ip_network(r) for r in ranges)


@dataclass(frozen=True)
class TransferAnswer:
    allowed: bool
    reason: str
    mode: str
    size: int
    limit_mb: int  # the mode's limit (0: the mode is off)
    external: bool

    def to_json(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "reason": self.reason, "mode": self.mode, "size": self.size,
                "limit_bytes": self.limit_mb * MB, "limit_mb": self.limit_mb, "external": self.external}


def may_transfer(conn: Connection, account: str, mode: str, size: int | str, *, address: str | None = None,
                 kind: str = "file") -> TransferAnswer:
    mode = (mode or "").strip().lower()
    if mode not in MODES:
        raise ValidationError("transfer_mode_invalid", field="mode", value=mode)
    kind = kind if kind in KINDS else "file"
    nbytes = parse_size(size)
    limit = int(setting_value(conn, LIMIT_KEYS[mode]))
    external = is_external(address, setting_value(conn, "access.internal_networks"))
    m = tables.MEMBERS
    row = conn.execute(select(m.c.status, m.c.authorization).where(m.c.account == fold_account(account))).first()

    def answer(reason: str) -> TransferAnswer:
        return TransferAnswer(reason == "ok", reason, mode, nbytes, limit, external)

    if row is None:
        return answer("no_such_account")
    if row.status == "resigned":
        return answer("resigned")
    if row.authorization == "disabled":
        return answer("disabled")
    if limit == 0:
        return answer("mode_off")
    if nbytes > limit * MB:
        return answer("too_large")
    if external and not all(setting_value(conn, key) for key in EXTERNAL_KEYS[kind]):
        return answer("external_download_off")
    return answer("ok")
