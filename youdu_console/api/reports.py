"""What the IM server reports through the policy API (our extension, /cgi/policy/…): client sessions
(session/start, session/end — policy/sessions.py) and members' feedback (feedback/submit, 意见反馈 4.8 —
services/feedback.py). Each answer is what the matching CLI command answers: `session start|end`, and of
the same record `session list` / `feedback show`."""

from __future__ import annotations

from typing import Any

from youdu_console.api.endpoints import CODES, Call
from youdu_console.api.policy import _text, question
from youdu_console.policy import sessions
from youdu_console.services.feedback import FeedbackService

CODES.update({"session_id_invalid": 5, "session_id_reused": 5, "session_not_found": 5,
              "feedback_category_invalid": 5, "feedback_description_invalid": 5, "feedback_attachment_invalid": 5,
              "feedback_attachment_too_large": 5, "feedback_too_many_attachments": 5, "feedback_log_too_large": 5})


@question("session/start", write=True)
def session_start(call: Call) -> dict[str, Any]:
    """A member's client session began: the login policy's answer; recorded when it is ok."""
    return sessions.start(call.console.uow, call.app_id, call.field("sessionId"), _text(call, "account"),
                          _text(call, "device"), _text(call, "ip", False) or None, actor=call.console.actor)


@question("session/end", write=True)
def session_end(call: Call) -> dict[str, Any]:
    """One session by its id; without an id, every open session of `account` on `device` (as `session end`)."""
    if call.field("sessionId") is None and call.field("account") is not None:
        return sessions.end_device(call.console.uow, _text(call, "account"), _text(call, "device"),
                                   actor=call.console.actor)
    return sessions.end(call.console.uow, call.field("sessionId"), actor=call.console.actor)


@question("feedback/submit", write=True)
def feedback_submit(call: Call) -> dict[str, Any]:
    """A member's feedback from the client: category, description, attachments and client log (base64)."""
    service = FeedbackService(call.console.uow, call.console.actor)
    view = service.submit(call.app_id, _text(call, "account"), call.field("category"), call.field("description"),
                          call.field("attachments"), call.field("clientLog"))
    return {"feedback": view.to_json()}
