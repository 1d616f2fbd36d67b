"""管理工具 → 系统消息 (manual 4.1): what an administrator types, checked and turned into the sysMsg body.

The manual: a text notice to everyone (所有用户) or to members online (在线用户); the window stays on the client
until closed (不消失) or for a custom time of 6–3600 seconds; implicit links are written into the content as
`[标题|链接地址|ACTION]`, ACTION 1 when the Youdu client must add its identity token, 0 when not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from youdu_console.domain.errors import ValidationError

TITLE_MAX = 190       # the outbox's title column (services.sysmsg.TITLE_MAX)
CONTENT_MAX = 2000
DISPLAY_MIN, DISPLAY_MAX = 6, 3600
LINK_URL_MAX = 1000
# A bracketed part holding a `|` is meant as a link; it must then be exactly [title|url|action].
_BRACKETED = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    action: int

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "action": self.action}


@dataclass(frozen=True)
class Composed:
    """A checked system message: `body` is what goes into the outbox (the server API's sysMsg shape)."""

    title: str
    content: str
    online_only: bool
    display: int  # seconds the window stays; 0: until closed (不消失)
    links: tuple[Link, ...]

    @property
    def body(self) -> dict[str, Any]:
        parts: list[dict[str, Any]] = [{"text": {"content": self.content}}]
        parts += [{"link": link.to_json()} for link in self.links]
        return {"title": self.title, "popDuration": self.display, "msg": parts}

    def preview(self, lang: str = "zh_CN") -> str:
        """The message as the window's preview and `message send --dry-run` show it."""
        zh = lang.startswith("zh")
        to = ("在线用户" if self.online_only else "所有用户") if zh else ("members online" if self.online_only else "everyone")
        stay = (("不消失" if zh else "until closed") if self.display == 0
                else (f"{self.display} 秒" if zh else f"{self.display} s"))
        lines = [f"{'接收人' if zh else 'To'}: {to}", f"{'停留时间' if zh else 'Window stays'}: {stay}",
                 f"{'标题' if zh else 'Title'}: {self.title}", self.content]
        for link in self.links:
            token = ("带身份认证 token" if zh else "with identity token") if link.action else \
                    ("不带 token" if zh else "no token")
            lines.append(f"{'链接' if zh else 'Link'}: {link.title} → {link.url} ({token})")
        return "\n".join(lines)


def parse_links(content: str) -> tuple[Link, ...]:
    """The implicit links of `content`; a malformed one is a coded error naming it."""
    links = []
    for match in _BRACKETED.finditer(content):
        parts = [p.strip() for p in match.group(1).split("|")]
        raw = match.group(0)
        if len(parts) != 3 or not parts[0]:
            raise ValidationError("sysmsg_link_malformed", field="content", link=raw)
        title, url, action = parts
        split = urlsplit(url)
        if split.scheme.lower() not in ("http", "https") or not split.netloc or len(url) > LINK_URL_MAX \
                or any(c.isspace() for c in url):
            raise ValidationError("sysmsg_link_url_invalid", field="content", link=raw, url=url)
        if action not in ("0", "1"):
            raise ValidationError("sysmsg_link_action_invalid", field="content", link=raw, value=action)
        links.append(Link(title, url, int(action)))
    return tuple(links)


def compose(title: Any, content: Any, *, online_only: bool, display: int | None) -> Composed:
    """Check what was typed; `display` None (or 0) means the window stays until closed."""
    title = str(title or "").strip()
    content = str(content or "").strip()
    if not title:
        raise ValidationError("sysmsg_title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ValidationError("sysmsg_title_too_long", field="title", max=TITLE_MAX)
    if not content:
        raise ValidationError("sysmsg_content_required", field="content")
    if len(content) > CONTENT_MAX:
        raise ValidationError("sysmsg_content_too_long", field="content", max=CONTENT_MAX)
    seconds = int(display or 0)
    if seconds and not DISPLAY_MIN <= seconds <= DISPLAY_MAX:
        raise ValidationError("sysmsg_display_range", field="display", value=seconds, min=DISPLAY_MIN,
                              max=DISPLAY_MAX)
    return Composed(title, content, bool(online_only), seconds, parse_links(content))
