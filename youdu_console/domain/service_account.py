"""Service-account mode (3.5.9.4): keyword auto-replies, the conversation's custom menus, the callback Token.

Menu limits: the vendor's documentation found here does not state them, so these are those of the service-account
menu API Youdu's server API mirrors (WeChat Work's `menu/create`): 1–3 top-level items with 1–5 items under
each; an item is a `click` (its key, at most 128 bytes, goes to the callback) or a `view` (opens its URL, at
most 256 bytes); a top-level item with sub-items has no action of its own. Names: at most 8 characters at the
top level, 16 below (the client cuts longer ones off).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.validation import clean_text

MATCHES = ("exact", "contains", "regex")
REPLY_MAX = 2000
KEYWORD_MAX = 64
REPLIES_MAX = 200
MENU_TOP_MAX, MENU_SUB_MAX = 3, 5
MENU_TOP_NAME_MAX, MENU_SUB_NAME_MAX = 8, 16
MENU_KINDS = ("click", "view")
MENU_KEY_BYTES, MENU_URL_BYTES = 128, 256
TOKEN_RE = re.compile(r"^[A-Za-z0-9]{3,32}$")
# The callback handshake reads at most this much of an answer (a correct one is the echo, a few dozen bytes).
ANSWER_MAX = 4096


def normalize_token(value: Any) -> str:
    token = clean_text(value)
    if token and not TOKEN_RE.match(token):
        raise ValidationError("app_token_invalid", field="callback_token")
    return token


def normalize_replies(items: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """[{keyword, match, reply}]: a regex must compile; the first rule that matches answers (in order)."""
    out: list[dict[str, str]] = []
    for n, item in enumerate(items, 1):
        keyword = clean_text(item.get("keyword"))
        match = clean_text(item.get("match") or "exact").lower()
        reply = str(item.get("reply") or "").strip()
        if not keyword or len(keyword) > KEYWORD_MAX:
            raise ValidationError("reply_keyword_invalid", field="keyword", row=n, max=KEYWORD_MAX)
        if match not in MATCHES:
            raise ValidationError("reply_match_invalid", field="match", row=n, value=match)
        if match == "regex":
            try:
                re.compile(keyword)
            except re.error as exc:
                raise ValidationError("reply_regex_invalid", field="keyword", row=n, reason=str(exc)) from None
        if not reply or len(reply) > REPLY_MAX:
            raise ValidationError("reply_text_invalid", field="reply", row=n, max=REPLY_MAX)
        out.append({"keyword": keyword, "match": match, "reply": reply})
    if len(out) > REPLIES_MAX:
        raise ValidationError("reply_too_many", field="auto_replies", max=REPLIES_MAX)
    return out


def auto_reply(rules: Iterable[dict[str, str]], text: str) -> dict[str, str] | None:
    """The rule answering a member's message (the 测试 box asks this): the first that matches, or None."""
    message = text.strip()
    for rule in rules:
        keyword, match = rule["keyword"], rule["match"]
        if match == "exact" and message == keyword:
            return rule
        if match == "contains" and keyword in message:
            return rule
        if match == "regex" and re.search(keyword, message):
            return rule
    return None


def _menu_item(item: dict[str, Any], *, top: bool, where: str) -> dict[str, Any]:
    from youdu_console.domain.apps import normalize_url

    name = clean_text(item.get("name"))
    limit = MENU_TOP_NAME_MAX if top else MENU_SUB_NAME_MAX
    if not name or len(name) > limit:
        raise ValidationError("menu_name_invalid", field="name", where=where, max=limit)
    subs = list(item.get("items") or [])
    if top and subs:
        if len(subs) > MENU_SUB_MAX:
            raise ValidationError("menu_too_many_items", field="items", where=where, max=MENU_SUB_MAX)
        return {"name": name, "items": [_menu_item(s, top=False, where=f"{where}/{clean_text(s.get('name'))}")
                                        for s in subs]}
    if subs:
        raise ValidationError("menu_too_deep", field="items", where=where)
    kind = clean_text(item.get("type") or "click").lower()
    if kind not in MENU_KINDS:
        raise ValidationError("menu_type_invalid", field="type", where=where, value=kind)
    if kind == "view":
        url = normalize_url(item.get("url"), field="url", required=True)
        if len(url.encode("utf-8")) > MENU_URL_BYTES:
            raise ValidationError("app_url_invalid", field="url", value=url[:80])
        return {"name": name, "type": kind, "url": url}
    key = clean_text(item.get("key")) or name
    if len(key.encode("utf-8")) > MENU_KEY_BYTES:
        raise ValidationError("menu_key_invalid", field="key", where=where)
    return {"name": name, "type": kind, "key": key}


def normalize_menus(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two levels: at most 3 top-level items, at most 5 under each."""
    tops = list(items)
    if len(tops) > MENU_TOP_MAX:
        raise ValidationError("menu_too_many_top", field="menus", max=MENU_TOP_MAX)
    return [_menu_item(t, top=True, where=clean_text(t.get("name"))) for t in tops]
