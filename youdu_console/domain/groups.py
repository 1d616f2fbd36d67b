"""群管理 values: the views of groups handed to front ends, and the rules on group names and space limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.validation import clean_text

GROUP_NAME_MAX = 64
KINDS = ("fixed", "department")
# 5.2.1 群空间容量: the choices of the vendor's drop-down, in megabytes.
SPACE_CHOICES: tuple[tuple[str, int], ...] = (("200M", 200), ("500M", 500), ("800M", 800), ("1G", 1024),
                                              ("2G", 2048), ("5G", 5120))


def normalize_group_name(value: Any) -> str:
    """A group's name: required, at most 64 characters, no control characters."""
    name = clean_text(value)
    if not name:
        raise ValidationError("group_name_required", field="name")
    if len(name) > GROUP_NAME_MAX:
        raise ValidationError("group_name_too_long", field="name", max=GROUP_NAME_MAX)
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ValidationError("group_name_invalid", field="name", value=name)
    return name


def space_label(choice: str, custom_mb: int) -> str:
    """The capacity shown on each fixed group: a choice as the vendor writes it, a custom size in M or G."""
    if choice != "custom":
        return choice
    return f"{custom_mb // 1024}G" if custom_mb % 1024 == 0 else f"{custom_mb}M"


class GroupMemberView(NamedTuple):
    """One member of a group as lists show it (a tuple: a 5,000-member group lists in a few milliseconds)."""

    account: str
    name: str
    status: str
    admin: bool
    owner: bool


@dataclass(frozen=True)
class GroupView:
    id: int
    gid: str
    name: str
    kind: str  # fixed | department
    department: str | None  # the department's path for a department group
    recursive: bool
    owner: str | None
    admins: tuple[str, ...]
    members: tuple[str, ...]
    member_count: int
    space_limit: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"gid": self.gid, "name": self.name, "kind": self.kind, "department": self.department,
                "recursive": self.recursive, "owner": self.owner, "admins": list(self.admins),
                "members": list(self.members), "member_count": self.member_count, "space_limit": self.space_limit}
