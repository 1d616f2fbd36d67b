"""Licence files (5.1 更新License): a signed JSON document, verified with the configured Ed25519 key.

The format is documented in docs/licence-format.md: the signature covers the canonical JSON (sorted keys, no
spaces, UTF-8) of every field but `signature`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from youdu_console.domain.errors import ValidationError

FORMAT = "youdu-licence 1"
FIELDS = ("format", "enterprise_number", "seats", "expires")
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Licence:
    enterprise_number: str
    seats: int
    expires: str  # ISO date: the last day the licence is valid


def canonical(fields: dict[str, Any]) -> bytes:
    """The signed bytes: the fields without `signature`, as compact JSON with sorted keys."""
    body = {k: v for k, v in fields.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(fields: dict[str, Any], private_key: Any) -> dict[str, Any]:
    """A licence document signed with an Ed25519 private key (the vendor's tool; the tests use it)."""
    return {**fields, "signature": base64.b64encode(private_key.sign(canonical(fields))).decode("ascii")}


def verify(data: bytes, public_key_b64: str, enterprise_number: str, today: dt.date) -> Licence:
    """The licence in `data`, or a coded refusal: unreadable, badly signed, another enterprise's, expired."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not public_key_b64:
        raise ValidationError("licence_no_public_key", field="licence.public_key")
    if not enterprise_number:
        raise ValidationError("licence_no_enterprise_number", field="enterprise.number")
    doc = _document(data)
    try:
        signature = base64.b64decode(str(doc.get("signature", "")), validate=True)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(signature, canonical(doc))
    except (InvalidSignature, binascii.Error, ValueError):
        raise ValidationError("licence_signature_invalid", field="signature") from None
    licence = _fields(doc)
    if licence.enterprise_number != enterprise_number:
        raise ValidationError("licence_other_enterprise", field="enterprise_number",
                              number=licence.enterprise_number, ours=enterprise_number)
    if dt.date.fromisoformat(licence.expires) < today:
        raise ValidationError("licence_file_expired", field="expires", date=licence.expires)
    return licence


def _document(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_BYTES:
        raise ValidationError("licence_unreadable", field="file", reason="too large", cause="licence_too_large")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError("licence_unreadable", field="file", reason="not JSON", cause="licence_not_json") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError("licence_unreadable", field="file", reason=f"format is not {FORMAT!r}",
                              cause="licence_wrong_format", format=FORMAT)
    return doc


def _fields(doc: dict[str, Any]) -> Licence:
    missing = [f for f in FIELDS if f not in doc]
    if missing or set(doc) - {*FIELDS, "signature"}:
        raise ValidationError("licence_unreadable", field="file", reason="fields", cause="licence_bad_fields")
    seats, expires = doc["seats"], doc["expires"]
    try:
        if isinstance(seats, bool) or not isinstance(seats, int) or not 0 < seats <= 10_000_000:
            raise ValueError("seats")
        day = dt.date.fromisoformat(str(expires)).isoformat()
    except ValueError:
        raise ValidationError("licence_unreadable", field="file", reason="values", cause="licence_bad_values") \
            from None
    return Licence(str(doc["enterprise_number"]), seats, day)
