"""The question an IM server asks at every login: may this account log in, here, with this password?

Precedence of the answer (first that applies wins; every path spends one argon2 verification so an
unknown account costs as long as a known one):

  1. no_such_account    the account does not exist
  2. resigned           the member is on the resigned list (离职名单)
  3. disabled           the member is on the disabled list (禁用名单)
  4. locked             locked after too many wrong passwords and not yet unlocked (锁定名单)
  5. device_forbidden   the device type is not allowed (5.4.5 / 5.4.6)
  6. network_forbidden  the address is outside the internal ranges and external logins are off (5.4.2)
  7. bad_password       wrong password: counts a failure; the Nth consecutive failure locks (1.2.3)
  8. password_expired   older than the expiry period (5.5)
  9. licence_exhausted  not authorised, auto-authorisation on, but no seat left or the licence expired
 10. unauthorized       not on the authorised list (授权名单) and auto-authorisation off
 11. two-step        with 登录短信认证 (security.sms_two_step, 5.5) on, a password login answers
                      needs_sms_code (a code sent to the bound mobile through the SMS gateway) until it comes
                      back with that code (sms_code_wrong otherwise; sms_unavailable when none can be sent).
                      A scan (QR) login — the member's logged-in phone vouches for it — is not asked (manual
                      5.5: 成员选择…扫码登录时，无需再进行短信验证); it carries no password either.
 12. ok

Attempts on a locked account are logged but not counted, so concurrent attempts never lock twice.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.settings import DEVICES
from youdu_console.domain.validation import fold_account
from youdu_console.policy import verification
from youdu_console.services import live
from youdu_console.services.auth import SYSTEM, Actor
from youdu_console.services.changes import ChangeSet, Operation, apply, utcnow
from youdu_console.services.invariants import seat_check
from youdu_console.services.passwords import hash_password, needs_rehash, verify_password
from youdu_console.store import tables
from youdu_console.store.settings import setting_value
from youdu_console.store.uow import UnitOfWork

log = logging.getLogger("youdu.policy")
M = tables.MEMBERS
LS = tables.LOGIN_STATE
LOG = tables.LOGIN_LOG
EVENTS = tables.EVENT_LOG
TWO_STEP_REASONS = ("needs_sms_code", "sms_code_wrong", "sms_unavailable")
REASONS = ("ok", "bad_password", "locked", "disabled", "unauthorized", "resigned", "no_such_account",
           "device_forbidden", "network_forbidden", "password_expired", "licence_exhausted", *TWO_STEP_REASONS)
METHODS = ("password", "qr")
DESKTOP = {"windows", "mac", "linux"}
AUTO_AUTHORIZE_ACTOR = Actor("auto-authorize", "super")


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    reason: str
    must_change_password: bool = False
    locked_now: bool = False
    failures: int = 0
    # With 同类型设备管理 off, a new login signs out the account's other device of the same class.
    sign_out_other_sessions: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "reason": self.reason, "must_change_password": self.must_change_password,
                "locked_now": self.locked_now, "failures": self.failures,
                "sign_out_other_sessions": self.sign_out_other_sessions, **self.extra}


def normalize_device(device: str) -> str:
    value = (device or "").strip().lower()
    aliases = {"macos": "mac", "osx": "mac", "win": "windows", "iphone": "ios", "ipad": "ios"}
    value = aliases.get(value, value)
    if value not in DEVICES:
        raise ValidationError("device_invalid", field="device", value=device)
    return value


def normalize_address(address: str | None) -> str:
    if not address:
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        raise ValidationError("address_invalid", field="ip", value=address) from None


class LoginPolicy:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def _settings(self, conn: Connection) -> dict[str, Any]:
        keys = ("security.lockout_threshold", "security.lockout_minutes", "security.password_expiry_days",
                "security.multi_device", "access.allowed_devices", "access.internal_networks",
                "access.allow_external_login", "licence.auto_authorize", "access.mobile_login",
                "security.sms_two_step")
        return {k: setting_value(conn, k) for k in keys}

    def check_login(self, account: str, password: str, device: str, address: str | None = None, *,
                    sms_code: str | None = None, method: str = "password") -> LoginResult:
        device = normalize_device(device)
        address = normalize_address(address)
        if method not in METHODS:
            raise ValidationError("login_method_invalid", field="method", value=method)
        acc = fold_account(account)
        with self.uow.read() as conn:
            settings = self._settings(conn)
            row = conn.execute(select(M.c.id, M.c.status, M.c.authorization, M.c.password_hash,
                                      M.c.password_changed_at, M.c.created_at, M.c.must_change_password)
                               .where(M.c.account == acc)).first()
        # Always one verification, before any branching, so timing does not reveal whether the account exists.
        password_ok = verify_password(row.password_hash if row else None, password or "")
        if method == "qr":  # the IM server vouches for a scan login: no password is asked
            password_ok = row is not None
        if row is None:
            return self._log_only(acc, device, address, "no_such_account")
        if row.status == "resigned":
            return self._log_only(acc, device, address, "resigned")
        if row.authorization == "disabled":
            return self._log_only(acc, device, address, "disabled")
        outcome = self._with_retry(lambda: self._decide_locked(row.id, acc, device, address, password_ok, settings))
        if outcome is not None:
            return outcome
        if row.password_changed_at is not None or row.created_at is not None:
            days = int(settings["security.password_expiry_days"])
            changed = row.password_changed_at or row.created_at
            if days and changed + dt.timedelta(days=days) < utcnow():
                return self._log_only(acc, device, address, "password_expired")
        if row.authorization != "authorized":
            if not settings["licence.auto_authorize"]:
                return self._log_only(acc, device, address, "unauthorized")
            reason = self._auto_authorize(acc)
            if reason != "ok":
                return self._log_only(acc, device, address, reason)
        if row.password_hash and needs_rehash(row.password_hash) and method == "password":
            self._rehash(row.id, acc, row.password_hash, password)
        if method == "password" and settings["security.sms_two_step"]:
            step = self._two_step(row.id, acc, device, address, sms_code)
            if step is not None:
                return step
        same_class_single = not settings["security.multi_device"]
        return LoginResult(True, "ok", must_change_password=bool(row.must_change_password),
                           sign_out_other_sessions=same_class_single)

    def may_hold_session(self, account: str, device: str, address: str | None = None) -> LoginResult:
        """The rules of a login that need no password, for a client session the IM server reports
        (session/start): the same answers, in the same precedence, as `check_login`'s — no such account,
        resigned, disabled, locked, device, network, not authorised. Nothing is counted or logged."""
        device = normalize_device(device)
        address = normalize_address(address)
        acc = fold_account(account)
        with self.uow.read() as conn:
            settings = self._settings(conn)
            row = conn.execute(select(M.c.id, M.c.status, M.c.authorization).where(M.c.account == acc)).first()
            locked_at = None if row is None else conn.execute(
                select(LS.c.locked_at).where(LS.c.member_id == row.id)).scalar()
        if row is None:
            reason = "no_such_account"
        elif row.status == "resigned":
            reason = "resigned"
        elif row.authorization == "disabled":
            reason = "disabled"
        elif locked_at is not None and _still_locked(locked_at, settings, utcnow()):
            reason = "locked"
        elif not _device_allowed(device, settings):
            reason = "device_forbidden"
        elif not self._network_allowed(address, settings):
            reason = "network_forbidden"
        elif row.authorization != "authorized":
            reason = "unauthorized"
        else:
            return LoginResult(True, "ok")
        return LoginResult(False, reason)
    def _two_step(self, member_id: int, account: str, device: str, address: str,
                  sms_code: str | None) -> LoginResult | None:
        """Two-step verification by SMS: None when the code confirms the login, else the answer to give."""
        if sms_code:
            try:
                code_id = verification.check_code(self.uow, member_id, "login", sms_code)
                with self.uow.write() as conn:
                    verification.use_code(conn, code_id)
            except ValidationError as exc:
                self._log_only(account, device, address, "sms_code_wrong")
                return LoginResult(False, "sms_code_wrong", extra={"code_error": exc.code, **(
                    {"attempts_left": exc.params["left"]} if "left" in exc.params else {})})
            return None
        try:
            sent = verification.send_code(self.uow, account, "sms", "login", asker=SYSTEM)
        except YouduError as exc:
            if exc.code == "verification_too_soon":  # the code sent a moment ago is still valid
                self._log_only(account, device, address, "needs_sms_code")
                return LoginResult(False, "needs_sms_code", extra={"sms_sent": False})
            self._log_only(account, device, address, "sms_unavailable")
            return LoginResult(False, "sms_unavailable", extra={"sms_error": exc.code})
        self._log_only(account, device, address, "needs_sms_code")
        return LoginResult(False, "needs_sms_code", extra={"sms_sent": True, "sms_to": sent.to,
                                                           "expires_in": sent.expires_in})

    def _rehash(self, member_id: int, account: str, old_hash: str, password: str) -> None:
        """Replace a weaker (restored) hash with one of the console's parameters, now that the password is known.

        Compare-and-swap on the old hash, without a version bump: an administrator's open edit of the member
        does not conflict with it, and a password changed meanwhile is never overwritten.
        """
        try:
            with self.uow.write() as conn:
                done = conn.execute(update(M).where(M.c.id == member_id, M.c.password_hash == old_hash)
                                    .values(password_hash=hash_password(password))).rowcount
                if done:
                    self._event(conn, utcnow(), "password_rehashed", account, {})
        except DBAPIError as exc:  # e.g. a server login without UPDATE on members: the login still succeeds
            log.warning("password of %s not re-hashed: %s", account, type(exc).__name__)

    @staticmethod
    def _with_retry(fn: Callable[[], LoginResult | None]) -> LoginResult | None:
        """Retry a transaction the server chose as a deadlock victim (nothing of it was written)."""
        for attempt in range(8):
            try:
                return fn()
            except DBAPIError as exc:
                text = str(exc.orig).lower() if exc.orig else ""
                if attempt == 7 or not ("deadlock" in text or "serializ" in text or "database is locked" in text):
                    raise
                time.sleep(0.01 * (attempt + 1))
        return None

    # ---------------------------------------------------------------- the serialised part
    def _decide_locked(self, member_id: int, account: str, device: str, address: str, password_ok: bool,
                       settings: dict[str, Any]) -> LoginResult | None:
        """Lock, device, network and password decisions under a row lock on the member's login state."""
        now = utcnow()
        with self.uow.write() as conn:
            state = self._lock_state_row(conn, member_id)
            locked_at = state.locked_at
            if locked_at is not None and not _still_locked(locked_at, settings, now):
                conn.execute(update(LS).where(LS.c.member_id == member_id).values(failures=0, locked_at=None))
                event = self._event(conn, now, "auto_unlock", account, {"locked_at": locked_at.isoformat()})
                live.announce_lock(conn, event, "auto_unlock", member_id)  # other consoles' lockout desks
                locked_at = None
                state_failures = 0
            else:
                state_failures = state.failures
            if locked_at is not None:
                self._log(conn, now, account, device, address, "locked")
                return LoginResult(False, "locked", failures=state_failures)
            if not _device_allowed(device, settings):  # 5.4.6, 5.4.5
                self._log(conn, now, account, device, address, "device_forbidden")
                return LoginResult(False, "device_forbidden")
            if not self._network_allowed(address, settings):
                self._log(conn, now, account, device, address, "network_forbidden")
                return LoginResult(False, "network_forbidden")
            if not password_ok:
                failures = state_failures + 1
                threshold = int(settings["security.lockout_threshold"])
                values: dict[str, Any] = {"failures": failures, "last_failure_at": now,
                                          "last_failure_ip": address, "last_failure_device": device}
                locked_now = failures >= threshold
                if locked_now:
                    values["locked_at"] = now
                    event = self._event(conn, now, "locked", account,
                                        {"failures": failures, "ip": address, "device": device})
                    live.announce_lock(conn, event, "locked", member_id)  # delivered when this attempt commits
                conn.execute(update(LS).where(LS.c.member_id == member_id).values(**values))
                self._log(conn, now, account, device, address, "bad_password")
                return LoginResult(False, "bad_password", locked_now=locked_now, failures=failures)
            conn.execute(update(LS).where(LS.c.member_id == member_id).values(failures=0, last_login_at=now))
            self._log(conn, now, account, device, address, "ok")
        return None

    def _lock_state_row(self, conn: Connection, member_id: int) -> Any:
        # A plain read first: a locking read of a missing row takes an InnoDB gap lock, and two such
        # attempts that both insert then deadlock. Insert-then-lock has no gap lock.
        exists = conn.execute(select(LS.c.member_id).where(LS.c.member_id == member_id)).first()
        if exists is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(LS).values(member_id=member_id, failures=0, version=1))
            except IntegrityError:
                pass  # another attempt created it first; the row lock below waits for it
        q = select(LS.c.failures, LS.c.locked_at).where(LS.c.member_id == member_id).with_for_update()
        return conn.execute(q).one()

    @staticmethod
    def _network_allowed(address: str, settings: dict[str, Any]) -> bool:
        ranges = settings["access.internal_networks"]
        if not ranges or settings["access.allow_external_login"]:
            return True
        ip = ipaddress.ip_address(address)
        return any(ip in ipaddress.ip_network(r) for r in ranges)

    def _auto_authorize(self, account: str) -> str:
        """客户端自动授权: the first login takes a seat, through a change set like any other write."""
        with self.uow.read() as conn:
            row = conn.execute(select(M.c.id, M.c.authorization, M.c.version).where(M.c.account == account)).one()
        cs = ChangeSet("auth.auto_grant", AUTO_AUTHORIZE_ACTOR.name, subject=account)
        cs.operations.append(Operation("member", "update", row.id, before={"authorization": row.authorization},
                                       after={"authorization": "authorized"}, version=row.version, label=account))
        try:
            apply(self.uow, cs, AUTO_AUTHORIZE_ACTOR)
        except Exception as exc:  # noqa: BLE001 - any refusal here means no seat for this login
            code = getattr(exc, "code", "")
            return "licence_exhausted" if code in ("licence_exhausted", "licence_expired") else "unauthorized"
        with self.uow.write() as conn:
            self._event(conn, utcnow(), "auto_authorized", account, {})
        return "ok"

    # ---------------------------------------------------------------- logs
    def _log_only(self, account: str, device: str, address: str, reason: str) -> LoginResult:
        with self.uow.write() as conn:
            self._log(conn, utcnow(), account, device, address, reason)
        return LoginResult(False, reason)

    @staticmethod
    def _log(conn: Connection, now: dt.datetime, account: str, device: str, address: str, result: str) -> None:
        conn.execute(insert(LOG).values(at=now, account=account[:64], device=device, address=address, result=result))

    @staticmethod
    def _event(conn: Connection, now: dt.datetime, kind: str, account: str, detail: dict[str, Any]) -> int:
        res = conn.execute(insert(EVENTS).values(at=now, kind=kind, account=account,
                                                 detail=json.dumps(detail, ensure_ascii=False)))
        return int(res.inserted_primary_key[0])  # type: ignore[index]


def _device_allowed(device: str, settings: dict[str, Any]) -> bool:
    """登录设备权限 (5.4.6) and 移动端权限 (5.4.5)."""
    return device in settings["access.allowed_devices"] and (device in DESKTOP or bool(settings["access.mobile_login"]))


def _still_locked(locked_at: dt.datetime, settings: dict[str, Any], now: dt.datetime) -> bool:
    """A lock holds until an administrator unlocks it, or until the lockout period has passed (when one is set)."""
    minutes = int(settings["security.lockout_minutes"])
    return not (minutes and locked_at + dt.timedelta(minutes=minutes) <= now)


def _window(q: Any, table: Any, account: str | None, since: dt.datetime | None, until: dt.datetime | None,
            limit: int | None) -> Any:
    if account:
        q = q.where(table.c.account == fold_account(account))
    if since is not None:
        q = q.where(table.c.at >= since)
    if until is not None:
        q = q.where(table.c.at <= until)
    return q if limit is None else q.limit(limit)


def login_log(uow: UnitOfWork, account: str | None = None, limit: int | None = 200, *, actor: Actor,
              since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[dict[str, Any]]:
    """登录流水, newest first, for an administrator who may read logs; `since`/`until` are naive UTC bounds
    (inclusive). Each row carries the contract's keys (`time, account, device, ip, result`) and the older
    `at`/`address` spellings of the same values."""
    actor.require("logs.read")
    q = _window(select(LOG).order_by(LOG.c.id.desc()), LOG, account, since, until, limit)
    with uow.read() as conn:
        out = []
        for r in conn.execute(q):
            at = r.at.isoformat(timespec="seconds") + "Z"
            out.append({"time": at, "account": r.account, "device": r.device, "ip": r.address, "result": r.result,
                        "at": at, "address": r.address})
        return out


def event_log(uow: UnitOfWork, account: str | None = None, limit: int | None = 200, *, actor: Actor,
              since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Lockouts, unlocks and the other account events, newest first, for an administrator who may read logs."""
    actor.require("logs.read")
    q = _window(select(EVENTS).order_by(EVENTS.c.id.desc()), EVENTS, account, since, until, limit)
    with uow.read() as conn:
        out = []
        for r in conn.execute(q):
            at = r.at.isoformat(timespec="seconds") + "Z"
            out.append({"time": at, "at": at, "kind": r.kind, "account": r.account, "detail": json.loads(r.detail)})
        return out


__all__ = ["REASONS", "TWO_STEP_REASONS", "LoginPolicy", "LoginResult", "event_log", "login_log", "seat_check"]
