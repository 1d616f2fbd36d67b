"""Tables of what an IM server reports through the policy API and of the server API's pending work:
client sessions (presence), feedback (意见反馈, 4.8) and org/replaceall requests awaiting approval.

Client sessions are telemetry, as the login log is: written by the policy API as they are reported, never
change sets (no preview, no undo), pruned after a declared retention. Feedback rows are inserted as they are
reported too; deleting them is an administrator's write and therefore a change set (previewable, undoable).
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String, Table, Text

from youdu_console.store.tables import METADATA, col, id_col, serial_col, time_col

# A payload up to 4 GB on MySQL/MariaDB (a plain BLOB or TEXT stops at 64 KB).
Blob = LargeBinary().with_variant(LargeBinary(2**32 - 1), "mysql")
LongText = Text().with_variant(Text(2**32 - 1), "mysql")

# 在线状态: one client session of a member as the IM server reported it (session/start, session/end). Open while
# `ended_at` is NULL: a member with an open session is online.
CLIENT_SESSIONS = Table("client_sessions", METADATA,
                        col("session_id", String(64), primary_key=True),  # chosen by the IM server
                        col("account", String(64), nullable=False),
                        col("device", String(16), nullable=False),
                        col("address", String(64), nullable=False),
                        col("app_id", String(64), nullable=False),  # the app that reported it
                        time_col("started_at"),
                        time_col("ended_at", nullable=True, index=True),
                        Index("ix_client_sessions_account_open", "account", "ended_at"))

# 意见反馈 (4.8): what a member submitted from the client. Attachments and the client log are kept as sent
# (base64, checked and capped in size): text, so that a deletion's journal (JSON) can carry them for undo.
FEEDBACK = Table("feedback", METADATA,
                 id_col(),
                 col("account", String(64), nullable=False, index=True),
                 col("name", String(64), nullable=False, default=""),  # the member's name when submitted
                 col("departments", Text, nullable=False, default="[]"),  # department ids (JSON) when submitted
                 col("category", String(32), nullable=False),
                 col("description", Text, nullable=False),
                 col("attachments", Text, nullable=False, default="[]"),  # [{"name": …, "size": …}]
                 col("files", LongText, nullable=False, default="[]"),  # [base64, …] in the order of attachments
                 col("client_log", LongText, nullable=False, default=""),  # base64
                 col("app_id", String(64), nullable=False, default=""),
                 col("version", Integer, nullable=False, default=1),
                 time_col("submitted_at", index=True))

# org/replaceall requests held for approval (setting api.replaceall_approval): the request as sent (zlib JSON),
# re-planned when previewed and when approved, so the change set applied is the one against the directory as
# it is then.
API_APPROVALS = Table("api_approvals", METADATA,
                      serial_col(),
                      col("job_id", String(32), nullable=False, unique=True),
                      col("app_id", String(64), nullable=False),
                      col("kind", String(32), nullable=False, default="org.replaceall"),
                      col("body", Blob, nullable=False),
                      col("summary", Text, nullable=False, default="{}"),  # the plan's summary when requested
                      col("status", String(12), nullable=False, default="pending"),  # pending|applied|rejected|failed
                      col("result", Text, nullable=False, default="{}"),  # change set id, or errors
                      col("decided_by", String(64), nullable=False, default=""),
                      time_col("created_at", index=True),
                      time_col("decided_at", nullable=True))
