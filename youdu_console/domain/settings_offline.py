"""Settings of the helpdesk's offline queue (unlock and password-reset requests queued without the server)."""

from __future__ import annotations

from youdu_console.domain.settings import Setting

SETTINGS: tuple[Setting, ...] = (
    # The lockout desk (1.2.3): a request queued while the shared database was unreachable is replayed only
    # while it is this fresh; an older one expires (the situation it answered has likely moved on).
    Setting("security.offline_request_max_days", "int", 3, "离线请求有效期", "Offline requests expire after",
            "1.2.3", "账号安全", minimum=1, maximum=90, unit="days",
            help_zh="数据库不可达时排队的解锁和重置密码请求，超过此期限不再执行",
            help_en="Unlock and password-reset requests queued while the database was unreachable are not "
                    "replayed once older than this"),
)
