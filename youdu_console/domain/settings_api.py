"""Settings of what the server API and the policy API keep: how long ended client sessions are kept, and
whether a whole-organisation replace (org/replaceall) waits for an administrator's approval."""

from __future__ import annotations

from youdu_console.domain.settings import Setting

SETTINGS: tuple[Setting, ...] = (
    Setting("sessions.retention_days", "int", 30, "已结束会话保留天数", "Keep ended client sessions for",
            "5.7", "高级设置", minimum=1, maximum=3650, unit="days",
            help_zh="即时通服务器报告的客户端会话结束后保留的天数，过期的记录自动清除",
            help_en="Days an ended client session reported by the IM server is kept; older ones are pruned"),
    Setting("api.replaceall_approval", "bool", False, "全量同步组织架构需审批", "org/replaceall needs approval",
            "5.7", "高级设置", super_only=True,
            help_zh="开启后，服务端 API 的全量同步（org/replaceall）先保存为待审批请求，由管理员预览后批准或拒绝",
            help_en="When on, a whole-organisation replace through the server API (org/replaceall) waits as a "
                    "request until an administrator previews it and approves or rejects it"),
)
