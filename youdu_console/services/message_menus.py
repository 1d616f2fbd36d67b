"""自定义菜单 (manual 4.10) and the mobile workbench (3.2).

Message menus are items of the client's right-click menu on conversation messages (会话消息) or on personal
information (个人信息): a name, an icon, the content types an item is offered for (文本/emoji, 图片/图文, 文件 —
conversation messages only), the URL it opens with the selected content, and the window it opens in (常规
680×560 px, or a custom size). The workbench is the corporate image and name at the top of the mobile portal.
Both are enterprise-wide: super administrators only.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from youdu_console.domain.apps import normalize_url
from youdu_console.domain.errors import NotFound, ValidationError
from youdu_console.domain.validation import clean_text
from youdu_console.services import entities
from youdu_console.services.apps import APPS_READ
from youdu_console.services.auth import Actor, declare_right
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.directory import Placeholders
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

MENUS_WRITE = declare_right("menus.write", ("管理自定义菜单与工作台", "manage custom menus and the workbench"))
MM = tables.MESSAGE_MENUS
WB = tables.WORKBENCH
SCOPES = ("message", "profile")
TYPES = ("text", "image", "file")  # 文本/emoji, 图片/图文, 文件
NORMAL_SIZE = (680, 560)
NAME_MAX = 16
WIDTH_RANGE, HEIGHT_RANGE = (200, 1920), (200, 1200)
CORP_NAME_MAX = 32
WORKBENCH_IMAGE = (750, 300)  # the mobile banner is scaled to fit this

entities.register(entities.Entity("message_menu", MM, id_block="directory", right=MENUS_WRITE,
                                  label=("自定义菜单", "custom menu")))
entities.register(entities.Entity("workbench", WB, key="key", right=MENUS_WRITE, refs=(),
                                  label=("移动端工作台", "mobile workbench")))


@dataclass(frozen=True)
class MessageMenuView:
    id: int
    scope: str
    name: str
    icon: str
    types: tuple[str, ...]
    url: str
    window: str
    width: int
    height: int
    position: int
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "scope": self.scope, "name": self.name, "icon": self.icon, "types": list(self.types),
                "url": self.url, "window": self.window, "width": self.width, "height": self.height}


def normalize_menu(scope: str, name: str, types: Sequence[str], url: str, window: str, width: int | None,
                   height: int | None) -> dict[str, Any]:
    if scope not in SCOPES:
        raise ValidationError("msgmenu_scope_invalid", field="scope", value=scope)
    label = clean_text(name)
    if not label or len(label) > NAME_MAX:
        raise ValidationError("msgmenu_name_invalid", field="name", max=NAME_MAX)
    chosen = [t for t in TYPES if t in {clean_text(x).lower() for x in types}]
    unknown = {clean_text(x).lower() for x in types} - set(TYPES)
    if unknown:
        raise ValidationError("msgmenu_types_invalid", field="types", value=",".join(sorted(unknown)))
    if scope == "message" and not chosen:
        raise ValidationError("msgmenu_types_required", field="types")
    if window == "normal":
        width, height = NORMAL_SIZE
    elif window == "custom":
        if width is None or height is None or not (WIDTH_RANGE[0] <= width <= WIDTH_RANGE[1]
                                                   and HEIGHT_RANGE[0] <= height <= HEIGHT_RANGE[1]):
            raise ValidationError("msgmenu_size_invalid", field="window", width=width, height=height)
    else:
        raise ValidationError("msgmenu_window_invalid", field="window", value=window)
    return {"scope": scope, "name": label, "types": ",".join(chosen if scope == "message" else []),
            "url": normalize_url(url, field="url", required=True), "window": window, "width": width,
            "height": height}


class MessageMenuService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    def list_menus(self, scope: str | None = None) -> list[MessageMenuView]:
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            q = select(MM).order_by(MM.c.scope, MM.c.position, MM.c.id)
            if scope is not None:
                q = q.where(MM.c.scope == scope)
            return [MessageMenuView(r.id, r.scope, r.name, r.icon, tuple(t for t in r.types.split(",") if t), r.url,
                                    r.window, r.width, r.height, r.position, r.version) for r in conn.execute(q)]

    def plan_add(self, scope: str, name: str, *, url: str, types: Sequence[str] = TYPES, window: str = "normal",
                 width: int | None = None, height: int | None = None, icon: str = "") -> ChangeSet:
        self.actor.require(MENUS_WRITE)
        values = normalize_menu(scope, name, types, url, window, width, height)
        with self.uow.read() as conn:
            top = conn.execute(select(MM.c.position).where(MM.c.scope == scope).order_by(MM.c.position.desc())
                               .limit(1)).scalar()
        key = Placeholders().take()
        cs = ChangeSet("menu.add", self.actor.name, subject=values["name"])
        cs.operations.append(Operation("message_menu", "add", key, after={
            "id": key, **values, "icon": clean_text(icon)[:64], "position": (top or 0) + 1},
            label=values["name"], category="added"))
        return cs

    def _row(self, menu_id: int) -> Any:
        with self.uow.read() as conn:
            row = conn.execute(select(MM).where(MM.c.id == menu_id)).first()
        if row is None:
            raise NotFound("msgmenu_not_found", id=menu_id)
        return row

    def plan_update(self, menu_id: int, **changes: Any) -> ChangeSet:
        self.actor.require(MENUS_WRITE)
        row = self._row(menu_id)
        merged = {"scope": row.scope, "name": row.name, "types": row.types.split(",") if row.types else [],
                  "url": row.url, "window": row.window, "width": row.width, "height": row.height, **changes}
        values = normalize_menu(merged["scope"], merged["name"], merged["types"], merged["url"], merged["window"],
                                merged["width"], merged["height"])
        now = {k: row._mapping[k] for k in values}
        changed = {k: v for k, v in values.items() if now[k] != v}
        cs = ChangeSet("menu.update", self.actor.name, subject=row.name)
        if changed:
            cs.operations.append(Operation("message_menu", "update", row.id, before={k: now[k] for k in changed},
                                           after=changed, version=row.version, label=row.name))
        return cs

    def plan_delete(self, menu_id: int) -> ChangeSet:
        self.actor.require(MENUS_WRITE)
        row = self._row(menu_id)
        cs = ChangeSet("menu.delete", self.actor.name, subject=row.name)
        cs.operations.append(Operation("message_menu", "delete", row.id, before=dict(row._mapping),
                                       version=row.version, label=row.name, category="deleted"))
        return cs

    # ------------------------------------------------------------ 3.2 移动端工作台
    def workbench(self) -> tuple[str, bytes | None]:
        """The corporate name and image (PNG bytes) shown at the top of the mobile workbench."""
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            row = conn.execute(select(WB).where(WB.c.key == "mobile")).first()
        if row is None:
            return "", None
        return row.corp_name, base64.b64decode(row.image) if row.image else None

    def plan_workbench(self, *, corp_name: str | None = None, image: bytes | None = None,
                       clear_image: bool = False) -> ChangeSet:
        from youdu_console.services.app_logos import scaled_logo

        self.actor.require(MENUS_WRITE)
        after: dict[str, Any] = {}
        if corp_name is not None:
            name = clean_text(corp_name)
            if len(name) > CORP_NAME_MAX:
                raise ValidationError("workbench_name_too_long", field="corp_name", max=CORP_NAME_MAX)
            after["corp_name"] = name
        if image is not None:
            after["image"] = scaled_logo(image, size=WORKBENCH_IMAGE)
        elif clear_image:
            after["image"] = None
        with self.uow.read() as conn:
            row = conn.execute(select(WB).where(WB.c.key == "mobile")).first()
        cs = ChangeSet("workbench.update", self.actor.name, subject=after.get("corp_name", ""))
        if row is None:
            cs.operations.append(Operation("workbench", "add", "mobile", after={
                "key": "mobile", "corp_name": after.get("corp_name", ""), "image": after.get("image")},
                label="mobile", category="added"))
            return cs
        changed = {k: v for k, v in after.items() if row._mapping[k] != v}
        if changed:
            cs.operations.append(Operation("workbench", "update", "mobile", before={k: row._mapping[k] for k in changed},
                                           after=changed, version=row.version, label="mobile"))
        return cs
