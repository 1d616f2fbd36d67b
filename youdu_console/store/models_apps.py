"""企业应用: the app registry, the portal templates (apps in groups, an audience) and the message menus (4.10)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from youdu_console.store.models import Base, Id, Timestamp


class App(Base):
    """One app of the work portal: a system app (the manual's ids) or a self-built one ("yd" + 32 hex).

    `aes_key` is the EncodingAESKey as shown (base64, 44 characters): the server API process reads it to
    decrypt the app's calls. `auto_replies` and `menus` (service-account mode, 3.5.9.4) are JSON lists.
    `owner_dept_id` is the department a scoped administrator created the app under (its subtree is the app's).
    """

    __tablename__ = "apps"
    app_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(8), default="custom")  # system | custom
    intro: Mapped[str] = mapped_column(String(200), default="")
    icon: Mapped[str] = mapped_column(String(32), default="")
    logo: Mapped[str | None] = mapped_column(Text)  # an uploaded logo: PNG, scaled, base64
    terminals: Mapped[str] = mapped_column(String(32), default="desktop,mobile")
    homepage: Mapped[str] = mapped_column(String(1024), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)
    aes_key: Mapped[str] = mapped_column(String(44))
    service_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_url: Mapped[str] = mapped_column(String(1024), default="")
    callback_token: Mapped[str] = mapped_column(String(64), default="")
    auto_replies: Mapped[str] = mapped_column(Text, default="[]")
    menus: Mapped[str] = mapped_column(Text, default="[]")
    owner_dept_id: Mapped[int | None] = mapped_column(Id, ForeignKey("departments.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class PortalTemplate(Base):
    """应用门户模板: a named portal; a member covered by several sees the union of their apps."""

    __tablename__ = "portal_templates"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class PortalApp(Base):
    """One app in one template, in a group (工作台分组), at a position."""

    __tablename__ = "portal_apps"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    template_id: Mapped[int] = mapped_column(Id, ForeignKey("portal_templates.id"))
    app_id: Mapped[str] = mapped_column(String(40), ForeignKey("apps.app_id"))
    group_name: Mapped[str] = mapped_column(String(32), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (UniqueConstraint("template_id", "app_id", name="uq_portal_apps_template_app"),)


class PortalAudience(Base):
    """One member, or one department with its sub-departments, a template applies to."""

    __tablename__ = "portal_audience"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    template_id: Mapped[int] = mapped_column(Id, ForeignKey("portal_templates.id"))
    member_id: Mapped[int | None] = mapped_column(Id, ForeignKey("members.id"))
    dept_id: Mapped[int | None] = mapped_column(Id, ForeignKey("departments.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (Index("ix_portal_audience_template", "template_id"),
                      Index("ix_portal_audience_member", "member_id"),
                      Index("ix_portal_audience_dept", "dept_id"))


class MessageMenu(Base):
    """4.10 自定义菜单: an item of the client's right-click menu on conversation messages or personal info."""

    __tablename__ = "message_menus"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    scope: Mapped[str] = mapped_column(String(12), default="message")  # message | profile
    name: Mapped[str] = mapped_column(String(32))
    icon: Mapped[str] = mapped_column(Text, default="")
    types: Mapped[str] = mapped_column(String(64), default="text")  # text,image,file
    url: Mapped[str] = mapped_column(String(1024))
    window: Mapped[str] = mapped_column(String(12), default="normal")  # normal | custom
    width: Mapped[int] = mapped_column(Integer, default=680)
    height: Mapped[int] = mapped_column(Integer, default=560)
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class Workbench(Base):
    """3.2 移动端工作台: the corporate image and name at the top of the mobile workbench (one row, key "mobile")."""

    __tablename__ = "workbench"
    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    corp_name: Mapped[str] = mapped_column(String(64), default="")
    image: Mapped[str | None] = mapped_column(Text)  # PNG, scaled, base64
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
