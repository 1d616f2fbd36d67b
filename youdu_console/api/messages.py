"""msg/send: system messages (msgType sysMsg) into the outbox; this console delivers no chat messages."""

from __future__ import annotations

from typing import Any

from youdu_console.api.endpoints import CODES, Call, endpoint
from youdu_console.api.protocol import ApiError
from youdu_console.services.sysmsg import SystemMessageService

CODES.update({"sysmsg_no_recipient": 200007, "sysmsg_unknown_user": 200007, "sysmsg_unknown_dept": 300307,
              "sysmsg_title_too_long": 5})


def _split(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if not isinstance(value, str):
        raise ApiError(200007, "toUser/toDept 应为以 | 分隔的字符串 / toUser and toDept are |-separated strings")
    return [x for x in value.split("|") if x]


@endpoint("/cgi/msg/send", write=True, who="msg", encrypt_reply=False)
def msg_send(call: Call) -> None:
    if call.field("msgType") != "sysMsg":
        raise ApiError(5, "本服务只接收系统消息（msgType sysMsg）/ only system messages (msgType sysMsg) are accepted")
    sys_msg = call.field("sysMsg")
    if not isinstance(sys_msg, dict):
        raise ApiError(100004, "缺少 sysMsg / missing sysMsg")
    to_users = _split(call.field("toUser"))
    if len(to_users) > 1000:
        raise ApiError(200001, "toUser 超过长度 / toUser over 1000 accounts")
    try:
        to_depts = [int(x) for x in _split(call.field("toDept"))]
    except ValueError:
        raise ApiError(200007, "toDept 应为部门 ID / toDept holds department ids") from None
    to_all = call.field("toAll")
    # toAll counts only without named recipients: some clients always send a toAll object (the Go client's
    # struct cannot be omitted) next to the toUser they mean.
    everyone = isinstance(to_all, dict) and not to_users and not to_depts
    online_only = everyone and bool(to_all.get("onlyOnline") or to_all.get("onliyOnline"))
    service = SystemMessageService(call.console.uow, call.console.actor)
    service.send(call.app_id, to_users=to_users, to_depts=to_depts, to_all=everyone, online_only=online_only,
                 title=str(sys_msg.get("title", "")), body=sys_msg)
