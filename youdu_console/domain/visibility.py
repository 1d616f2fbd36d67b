"""可见性设置's values (manual 5.3.1): the kinds of rule, and how a rule's lists name departments and members."""

from __future__ import annotations

import re
from collections.abc import Iterable

KINDS = ("hide", "restrict", "forbid")  # 隐藏部门/成员, 限制查看外部门, 禁止查看所有人
_REF = re.compile(r'"([dm]):(-?\d+)"')


def parse_refs(text: str | Iterable[str]) -> tuple[frozenset[int], frozenset[int]]:
    """'["d:1", "m:2"]' (a stored list, or its items) → (department ids, member ids)."""
    pairs = _REF.findall(text) if isinstance(text, str) else [str(i).split(":", 1) for i in text]
    return (frozenset(int(i) for k, i in pairs if k == "d"), frozenset(int(i) for k, i in pairs if k == "m"))
