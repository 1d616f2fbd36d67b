"""Frozen views of directory entities handed to front ends (never ORM objects), and the records importers supply."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DepartmentView:
    id: int
    gid: str
    name: str
    path: str
    parent: str | None  # parent path, None at the top level
    parent_id: int | None
    sort: int
    alias: str | None
    member_count: int
    has_children: bool = False
    children: tuple[DepartmentView, ...] = ()

    def to_json(self, *, nested: bool = False) -> dict[str, Any]:
        out = {"id": self.id, "gid": self.gid, "name": self.name, "path": self.path, "parent": self.parent,
               "sort": self.sort, "alias": self.alias, "member_count": self.member_count}
        if nested:
            # Iterative, so a deep tree cannot exhaust the recursion limit.
            pending: list[tuple[DepartmentView, dict[str, Any]]] = [(self, out)]
            while pending:
                view, data = pending.pop()
                data["children"] = []
                for child in view.children:
                    child_data = child.to_json()
                    data["children"].append(child_data)
                    pending.append((child, child_data))
        return out


@dataclass(frozen=True)
class MemberView:
    id: int
    account: str
    gid: str
    name: str
    gender: str
    mobile: str
    phone: str
    short_number: str
    email: str
    position: str
    weight: int
    departments: tuple[str, ...]
    status: str
    authorization: str
    locked: bool
    confidential: tuple[str, ...]
    attributes: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    must_change_password: bool = False
    positions: tuple[str, ...] = ()
    resigned_at: str | None = None  # ISO UTC time of the resignation (离职名单 shows it)
    online: bool | None = None  # an open client session (None: not asked — a whole list's rows)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        if self.online is None:
            del out["online"]
        out["departments"] = list(self.departments)
        out["confidential"] = list(self.confidential)
        out["positions"] = list(self.positions)
        return out

    def masked(self) -> MemberView:
        """The view another member (or a role that may not see them) gets: confidential fields blanked."""
        hidden = {f: "" for f in self.confidential}
        return MemberView(**{**asdict(self), **hidden, "departments": self.departments,
                             "confidential": self.confidential, "positions": self.positions})


@dataclass(frozen=True)
class NewMember:
    """One new member as the server API's user/create gives it: departments by id (DirectoryService.
    plan_add_members checks it as the window's add-member form is checked)."""

    account: Any
    name: Any
    dept_ids: tuple[int, ...]
    fields: dict[str, Any] = field(default_factory=dict)  # MEMBER_FIELDS given (gender, mobile, …)
    password: str | None = None
    authorization: str | None = None  # the vendor's enableState, when given


@dataclass
class MemberRecord:
    """One member as an importer or a form supplies it, before validation. Empty strings mean "not given"."""

    account: Any
    name: Any = None
    gender: Any = None
    mobile: Any = None
    phone: Any = None
    short_number: Any = None
    email: Any = None
    position: Any = None
    weight: Any = None
    departments: list[str] | None = None  # paths; None = keep / use the default department
    row: int | None = None  # source row number for error reports
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check against another server (验证连接, a test mail): a code the front end translates."""

    ok: bool
    code: str
    params: dict[str, Any]

    def message(self, lang: str = "zh_CN") -> str:
        from youdu_console.domain.messages import render

        return render(self.code, lang, self.params)

    def to_dict(self, lang: str = "zh_CN") -> dict[str, Any]:
        return {"ok": self.ok, "result": self.code, "message": self.message(lang), **self.params}
