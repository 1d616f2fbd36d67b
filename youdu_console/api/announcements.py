"""通知公告's read receipts on the policy API (our extension): POST /cgi/policy/announcement/read and
/cgi/policy/announcement/list-for, answering exactly what `policy announcement-read` and
`policy announcements-for` answer. Reads are high-volume telemetry, recorded as rows, not change sets, and
group-committed by the API's writer."""

from __future__ import annotations

from typing import Any

from youdu_console.api.endpoints import CODES, Call, endpoint
from youdu_console.api.policy import _text, question
from youdu_console.api.protocol import ApiError
from youdu_console.policy.announcements import ReadReceipt, announcements_for, read_receipt

# Our extension's codes (the vendor documents none for announcements): 61000x.
CODES.update({"announcement_not_found": 610001, "announcement_not_recipient": 610002,
              "announcement_recalled": 610003})


@endpoint("/cgi/policy/announcement/read", write=True, grouped=True)
def announcement_read(call: Call) -> ReadReceipt:
    """The member read the announcement (idempotent). Checked for form here; the writer records it with the
    other receipts waiting beside it, in one transaction (group commit, api/batch.py), each with its own
    answer — an IM server reports reads by the thousand, and one transaction each was SQLite's limit."""
    ann = call.field("id")
    if not isinstance(ann, (int, str)) or isinstance(ann, bool) or ann == "":
        raise ApiError(5, "缺少参数 id / missing id")
    return read_receipt(_text(call, "account"), ann)


@question("announcement/list-for")
def announcement_list_for(call: Call) -> dict[str, Any]:
    """What the member's client shows: not recalled, pinned first, with the member's read state."""
    with call.console.uow.read() as conn:
        return announcements_for(conn, _text(call, "account"))
