"""iOS push certificates (5.7.2 企业推送服务): a PKCS#12 file checked before it is kept.

An APNs certificate, as Apple issues it, is recognised by Apple's push extensions — 1.2.840.113635.100.6.3.1
(development), .3.2 (production) or .3.6 (Apple Push Services, both) — and names its app (the topic) in the
subject's UID, which must be the AppID the administrator typed. Apple's push certificates carry the ordinary
client-authentication key usage, so the key usage alone would not tell one apart from any TLS client certificate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from youdu_console.domain.errors import ValidationError

APNS_EXTENSIONS = ("1.2.840.113635.100.6.3.1", "1.2.840.113635.100.6.3.2", "1.2.840.113635.100.6.3.6")
UID_OID = "0.9.2342.19200300.100.1.1"
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class PushCertificate:
    app_id: str
    subject: str
    not_after: str  # ISO date and time, UTC
    sha256: str


def check(data: bytes, password: str, app_id: str, now: dt.datetime) -> PushCertificate:
    """The certificate's facts, or a coded refusal: cannot be opened, no key, expired, not APNs, other app."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    app = app_id.strip()
    if not app or len(app) > 155 or any(c.isspace() for c in app):
        raise ValidationError("push_app_id_invalid", field="app_id", value=app_id)
    if len(data) > MAX_BYTES:
        raise ValidationError("push_cert_unreadable", field="file")
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except (ValueError, TypeError):
        raise ValidationError("push_cert_unreadable", field="file") from None
    if cert is None or key is None:
        raise ValidationError("push_cert_incomplete", field="file")
    not_before, not_after = cert.not_valid_before_utc, cert.not_valid_after_utc
    if not_after < now:
        raise ValidationError("push_cert_expired", field="file", date=not_after.date().isoformat())
    if not_before > now:
        raise ValidationError("push_cert_not_yet_valid", field="file", date=not_before.date().isoformat())
    oids = {ext.oid.dotted_string for ext in cert.extensions}
    if not oids & set(APNS_EXTENSIONS):
        raise ValidationError("push_cert_not_apns", field="file", subject=cert.subject.rfc4514_string())
    uids = [str(a.value) for a in cert.subject.get_attributes_for_oid(x509.ObjectIdentifier(UID_OID))]
    if app not in uids:
        raise ValidationError("push_cert_other_app", field="app_id", value=app, topic=", ".join(uids) or "—")
    return PushCertificate(app, cert.subject.rfc4514_string(), not_after.isoformat(timespec="seconds"),
                           hashlib.sha256(data).hexdigest())
