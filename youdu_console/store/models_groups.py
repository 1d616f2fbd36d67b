"""群管理: fixed groups and department groups, and their members (group admins are members with a flag)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from youdu_console.store.models import Base, Id, Timestamp


class Group(Base):
    """A fixed group (固定群) or a department group (部门群) whose members follow its department.

    `gid` is the stable global id a `.dat` backup restores by. One department group per department (unique
    `dept_id`; NULL for fixed groups, which any number may share). The table is `im_groups`: GROUPS is a
    reserved word in MySQL 8.
    """

    __tablename__ = "im_groups"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    gid: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="fixed")  # fixed | department
    dept_id: Mapped[int | None] = mapped_column(Id, ForeignKey("departments.id"), unique=True)
    recursive: Mapped[bool] = mapped_column(Boolean, default=False)  # sub-departments' members too
    owner_id: Mapped[int | None] = mapped_column(Id, ForeignKey("members.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class GroupMember(Base):
    """One member of one group; `admin` marks a group administrator (who must be a member)."""

    __tablename__ = "im_group_members"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    group_id: Mapped[int] = mapped_column(Id, ForeignKey("im_groups.id"))
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("members.id"))
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (UniqueConstraint("group_id", "member_id", name="uq_im_group_members_group_member"),
                      Index("ix_im_group_members_member", "member_id"))
