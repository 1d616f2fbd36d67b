"""5.5 账号安全: forgotten passwords by SMS or e-mail, and two-step login by SMS — one-time codes.

An IM server asks two questions (CLI `policy password-reset request|confirm`, policy API
`/cgi/policy/password-reset-request|confirm`):

  request ACCOUNT --by sms|email   a 6-digit code is sent to the member's bound mobile (through the 4.7 SMS
                                   gateway, services.sms) or e-mail address (the 5.5 SMTP server)
  confirm ACCOUNT CODE PASSWORD    the code checked, the new password set as a change set (journalled, audited;
                                   the enterprise's strength rule applies)

The same codes serve two-step login (`security.sms_two_step`): policy.login sends one when a password login
succeeds and accepts the login once it is confirmed.

A code is stored only as an argon2 hash, expires after CODE_MINUTES, allows MAX_ATTEMPTS wrong tries and is
used once; a new code replaces the member's unused ones. Requests are rate-limited per member (one per
RESEND_SECONDS, MAX_PER_HOUR an hour). The code is never logged, audited or answered.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from youdu_console.domain.errors import NotFound, ValidationError, YouduError
from youdu_console.domain.validation import fold_account
from youdu_console.policy.asking import check_asker
from youdu_console.services import audit, sms
from youdu_console.services.access import AccessService
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, apply, utcnow
from youdu_console.services.passwords import hash_new_password, hash_password, verify_password
from youdu_console.store import tables
from youdu_console.store.settings import setting_value
from youdu_console.store.uow import UnitOfWork

CODES = tables.VERIFICATION_CODES
M = tables.MEMBERS
CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
MAX_PER_HOUR = 5
CHANNELS = ("sms", "email")
SWITCH = {"sms": "security.sms_reset", "email": "security.mail_reset"}
TEXTS = {
    "reset": ("【有度】您正在找回密码，验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。",
              "[Youdu] Your password reset code is {code}; it is valid for {minutes} minutes."),
    "login": ("【有度】您正在登录，验证码 {code}，{minutes} 分钟内有效。如非本人操作请修改密码。",
              "[Youdu] Your login code is {code}; it is valid for {minutes} minutes."),
}


@dataclass(frozen=True)
class CodeSent:
    account: str
    purpose: str
    channel: str
    to: str  # masked
    expires_in: int  # seconds

    def to_json(self) -> dict[str, Any]:
        return {"account": self.account, "purpose": self.purpose, "by": self.channel, "sent": True,
                "to": self.to, "expires_in": self.expires_in}


def _member(conn: Connection, account: str) -> Any:
    row = conn.execute(select(M.c.id, M.c.account, M.c.status, M.c.authorization, M.c.mobile, M.c.email)
                       .where(M.c.account == fold_account(account))).first()
    if row is None or row.status != "active" or row.authorization == "disabled":
        raise NotFound("member_not_found", account=fold_account(account))
    return row


def _mask_email(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}***@{domain}"


def _check_rate(conn: Connection, member_id: int, purpose: str, now: dt.datetime) -> None:
    last = conn.execute(select(func.max(CODES.c.created_at))
                        .where(CODES.c.member_id == member_id, CODES.c.purpose == purpose)).scalar()
    if last is not None and now - last < dt.timedelta(seconds=RESEND_SECONDS):
        wait = RESEND_SECONDS - int((now - last).total_seconds())
        raise YouduError("verification_too_soon", seconds=max(wait, 1))
    recent = conn.execute(select(func.count()).select_from(CODES).where(
        CODES.c.member_id == member_id, CODES.c.created_at > now - dt.timedelta(hours=1))).scalar() or 0
    if recent >= MAX_PER_HOUR:
        raise YouduError("verification_rate_limited", count=MAX_PER_HOUR)


def send_code(uow: UnitOfWork, account: str, channel: str, purpose: str = "reset", *, asker: Actor) -> CodeSent:
    """Send a new code to the member by `channel`; stored (as a hash) only once it was handed over. `asker`: the
    IM server (the API's app, the login policy) or an administrator asking for the member, who needs the right
    to reset members' passwords — a scoped one for a member all of whose departments are its own (as for a
    write to the member)."""
    asker.require("member.password")
    if channel not in CHANNELS:
        raise ValidationError("verification_channel_invalid", field="by", value=channel)
    now = utcnow()
    with uow.read() as conn:
        member = _member(conn, account)
        check_asker(conn, asker, member.account, right="member.password", whole=True)  # as a write: all its depts
        if purpose == "reset" and not setting_value(conn, SWITCH[channel]):
            raise YouduError("password_reset_off", by=channel)
        _check_rate(conn, member.id, purpose, now)
        if channel == "sms":
            if not member.mobile:
                raise YouduError("verification_no_mobile", account=member.account)
            gw = sms.gateway(conn)
        else:
            if not member.email:
                raise YouduError("verification_no_email", account=member.account)
            mail_values = {k: setting_value(conn, k) for k in (
                "security.smtp_host", "security.smtp_port", "security.smtp_tls", "security.smtp_user",
                "security.smtp_sender")}
    code = f"{secrets.randbelow(10 ** 6):06d}"
    zh, en = TEXTS[purpose]
    if channel == "sms":
        sms.send(gw, [member.mobile], zh.format(code=code, minutes=CODE_MINUTES), from_user=member.account)
        to = sms.mask_mobile(member.mobile)
    else:
        from youdu_console.services.enterprise import send_mail

        text = zh.format(code=code, minutes=CODE_MINUTES) + "\n" + en.format(code=code, minutes=CODE_MINUTES) + "\n"
        send_mail(mail_values, member.email, "有度验证码 / Youdu verification code", text,
                  failure="verification_mail_failed")
        to = _mask_email(member.email)
    with uow.write() as conn:
        # A new code replaces the member's unused ones of the same purpose.
        conn.execute(update(CODES).where(CODES.c.member_id == member.id, CODES.c.purpose == purpose,
                                         CODES.c.used_at.is_(None)).values(used_at=now))
        conn.execute(insert(CODES).values(member_id=member.id, purpose=purpose, channel=channel,
                                          code_hash=hash_password(code), attempts=0, created_at=now,
                                          expires_at=now + dt.timedelta(minutes=CODE_MINUTES)))
        audit.append(conn, actor="policy", action=f"verification.{purpose}_code_sent", target=member.account,
                     detail={"by": channel, "to": to})
    return CodeSent(member.account, purpose, channel, to, CODE_MINUTES * 60)


def check_code(uow: UnitOfWork, member_id: int, purpose: str, code: str) -> int:
    """The id of the member's valid code that matches `code`; a wrong code counts an attempt (coded errors)."""
    now = utcnow()
    with uow.read() as conn:
        row = conn.execute(select(CODES).where(CODES.c.member_id == member_id, CODES.c.purpose == purpose,
                                               CODES.c.used_at.is_(None))
                           .order_by(CODES.c.id.desc()).limit(1)).first()
    if row is None or row.expires_at <= now:
        raise ValidationError("verification_code_missing", field="code")
    if row.attempts >= MAX_ATTEMPTS:
        raise ValidationError("verification_code_exhausted", field="code", attempts=MAX_ATTEMPTS)
    if not verify_password(row.code_hash, (code or "").strip()):
        with uow.write() as conn:
            conn.execute(update(CODES).where(CODES.c.id == row.id).values(attempts=CODES.c.attempts + 1))
        left = MAX_ATTEMPTS - row.attempts - 1
        raise ValidationError("verification_code_wrong", field="code", left=left)
    return int(row.id)


def use_code(conn: Connection, code_id: int) -> None:
    """Mark a code used, once (inside the caller's transaction): a code used meanwhile aborts it."""
    done = conn.execute(update(CODES).where(CODES.c.id == code_id, CODES.c.used_at.is_(None))
                        .values(used_at=utcnow())).rowcount
    if not done:
        raise ValidationError("verification_code_missing", field="code")


def confirm_reset(uow: UnitOfWork, account: str, code: str, password: str) -> ChangeSet:
    """Check the reset code and set the new password as a change set (journalled and audited as the member's
    own reset); the strength rule is checked before the code is spent."""
    with uow.read() as conn:
        member = _member(conn, account)
        hash_new_password(conn, password)  # the enterprise's strength rule, before anything is counted
    code_id = check_code(uow, member.id, "reset", code)
    actor = Actor(f"password-reset:{member.account}"[:64], "super")
    cs = AccessService(uow, actor).plan_set_password(member.account, password, force_change=False)
    cs.kind = "member.reset_password"
    cs.checks.append(lambda conn: use_code(conn, code_id))
    return apply(uow, cs, actor)
