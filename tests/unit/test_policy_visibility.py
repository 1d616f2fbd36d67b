"""可见性设置 (manual 5.3.1, appendix 1 Q7) as a table of cases: the engine's decision on a small tree.

The tree:            公司(1)
                    /    |     \\
             产品部(2) 研发部(3) 董事会(5)
                          |
                       前端组(4)                 外部(6)   (a second top-level department)

Members: alice(10) 产品部, bob(11) 产品部, carol(12) 研发部, dave(13) 前端组, erin(14) 外部, boss(15) 董事会,
         gina(16) 产品部 and 研发部 (two departments).

The same cases are answered from a SQLite database holding this tree (plus a member without a department and a
resigned one), as `policy visible-to` answers them: every shown account, by set-based queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine, insert

from youdu_console.policy.visibility import (
    Decision,
    Rule,
    children_of,
    compact_form,
    decide,
    named_members,
    visible_accounts,
)
from youdu_console.store import tables

PARENT: dict[int, int | None] = {1: None, 2: 1, 3: 1, 4: 3, 5: 1, 6: None}
NAMES = {1: "公司", 2: "产品部", 3: "研发部", 4: "前端组", 5: "董事会", 6: "外部"}
MEMBERS = {"alice": (10, [2]), "bob": (11, [2]), "carol": (12, [3]), "dave": (13, [4]), "erin": (14, [6]),
           "boss": (15, [5]), "gina": (16, [2, 3])}
IDS = {name: ident for name, (ident, _) in MEMBERS.items()}
DEPT = {v: k for k, v in NAMES.items()}


def rule(name: str, kind: str, depts: tuple[str, ...] = (), members: tuple[str, ...] = (),
         white: tuple[str, ...] = (), white_members: tuple[str, ...] = (), extra: tuple[str, ...] = (),
         extra_members: tuple[str, ...] = ()) -> Rule:
    return Rule(len(name), name, kind, frozenset(DEPT[d] for d in depts), frozenset(IDS[m] for m in members),
                frozenset(DEPT[d] for d in white), frozenset(IDS[m] for m in white_members),
                frozenset(DEPT[d] for d in extra), frozenset(IDS[m] for m in extra_members))


def sees(rules: list[Rule], viewer: str) -> tuple[set[str], set[str], Decision]:
    ident, depts = MEMBERS[viewer]
    d = decide(PARENT, rules, ident, depts)
    shown = {NAMES[x] for x in d.shown}
    members = {name for name, (i, ds) in MEMBERS.items() if d.member_visible(i, ds)}
    return shown, members, d


ALL_DEPTS = set(NAMES.values())
EVERYONE = set(MEMBERS)

# (case, rules, viewer, departments shown, members shown) — each from the manual's words.
CASES = [
    ("no rule: the whole address book", [], "alice", ALL_DEPTS, EVERYONE),
    # 隐藏部门/成员：被隐藏的部门或人员，不会显示在通讯录中。
    ("a hidden department is not shown, with its sub-departments",
     [rule("隐藏研发", "hide", depts=("研发部",))], "alice",
     ALL_DEPTS - {"研发部", "前端组"}, EVERYONE - {"carol", "dave"}),
    ("a member in a hidden and a shown department is shown (under the shown one)",
     [rule("隐藏研发", "hide", depts=("研发部",))], "alice",
     ALL_DEPTS - {"研发部", "前端组"}, EVERYONE - {"carol", "dave"}),
    ("a hidden member is not shown; its department is",
     [rule("隐藏老板", "hide", members=("boss",))], "alice", ALL_DEPTS, EVERYONE - {"boss"}),
    # （可添加白名单）: the whitelist still sees what is hidden
    ("a whitelisted member still sees the hidden department",
     [rule("隐藏董事会", "hide", depts=("董事会",), white_members=("carol",))], "carol", ALL_DEPTS, EVERYONE),
    ("a whitelisted department (with its sub-departments) still sees it",
     [rule("隐藏董事会", "hide", depts=("董事会",), white=("研发部",))], "dave", ALL_DEPTS, EVERYONE),
    ("a viewer outside the whitelist does not",
     [rule("隐藏董事会", "hide", depts=("董事会",), white=("研发部",))], "alice",
     ALL_DEPTS - {"董事会"}, EVERYONE - {"boss"}),
    ("the hidden department's own members still see it and themselves",
     [rule("隐藏董事会", "hide", depts=("董事会",))], "boss", ALL_DEPTS, EVERYONE),
    ("a hidden member sees itself",
     [rule("隐藏老板", "hide", members=("boss",))], "boss", ALL_DEPTS, EVERYONE),
    # 限制查看外部门：被限制的部门或成员只能查看本部门的通讯录。
    ("a restricted department sees only its own department (with sub-departments)",
     [rule("研发只看本部门", "restrict", depts=("研发部",))], "carol", {"研发部", "前端组"}, {"carol", "dave", "gina"}),
    ("the restriction reaches members of sub-departments: they see their own department",
     [rule("研发只看本部门", "restrict", depts=("研发部",))], "dave", {"前端组"}, {"dave"}),
    ("a restricted member sees its own department",
     [rule("限制bob", "restrict", members=("bob",))], "bob", {"产品部"}, {"alice", "bob", "gina"}),
    ("a member in two departments sees both",
     [rule("限制gina", "restrict", members=("gina",))], "gina", {"产品部", "研发部", "前端组"},
     {"alice", "bob", "gina", "carol", "dave"}),
    ("the restriction does not limit others", [rule("研发只看本部门", "restrict", depts=("研发部",))], "alice",
     ALL_DEPTS, EVERYONE),
    # （可添加白名单/额外可见部门或成员）
    ("a whitelisted member of a restricted department sees everyone",
     [rule("研发只看本部门", "restrict", depts=("研发部",), white_members=("carol",))], "carol", ALL_DEPTS, EVERYONE),
    ("extra visible departments (with sub-departments) are added",
     [rule("研发只看本部门", "restrict", depts=("研发部",), extra=("外部",))], "carol",
     {"研发部", "前端组", "外部"}, {"carol", "dave", "gina", "erin"}),
    ("extra visible members are added without their department",
     [rule("研发只看本部门", "restrict", depts=("研发部",), extra_members=("boss",))], "carol",
     {"研发部", "前端组"}, {"carol", "dave", "gina", "boss"}),
    ("two restrictions add up their extras",
     [rule("r1", "restrict", depts=("研发部",), extra=("外部",)),
      rule("r2", "restrict", members=("carol",), extra_members=("alice",))], "carol",
     {"研发部", "前端组", "外部"}, {"carol", "dave", "gina", "erin", "alice"}),
    # 禁止查看所有人：被禁止的部门或成员，不能看到通讯录。
    ("a forbidden department sees nobody but itself",
     [rule("禁止外部", "forbid", depts=("外部",))], "erin", set(), {"erin"}),
    ("forbid beats restrict and its extras",
     [rule("限制", "restrict", depts=("公司",), extra=("外部",)), rule("禁止", "forbid", members=("alice",))],
     "alice", set(), {"alice"}),
    ("a forbid rule's whitelist is exempt",
     [rule("禁止公司", "forbid", depts=("公司",), white=("产品部",))], "alice", ALL_DEPTS, EVERYONE),
    ("the forbid rule reaches sub-departments",
     [rule("禁止公司", "forbid", depts=("公司",), white=("产品部",))], "dave", set(), {"dave"}),
    # combined (appendix 1 Q7: 组合搭配): hide wins over an extra visible item
    ("a hidden department stays hidden from a restricted viewer's extras",
     [rule("研发只看本部门", "restrict", depts=("研发部",), extra=("公司",)), rule("隐藏董事会", "hide", depts=("董事会",))],
     "carol", ALL_DEPTS - {"外部", "董事会"}, EVERYONE - {"erin", "boss"}),
    ("a hidden member stays hidden though named as extra visible",
     [rule("研发只看本部门", "restrict", depts=("研发部",), extra_members=("boss",)), rule("隐藏老板", "hide", members=("boss",))],
     "carol", {"研发部", "前端组"}, {"carol", "dave", "gina"}),
    ("hiding a sub-department of a restricted viewer's own department",
     [rule("研发只看本部门", "restrict", depts=("研发部",)), rule("隐藏前端组", "hide", depts=("前端组",))],
     "carol", {"研发部"}, {"carol", "gina"}),
]


@pytest.mark.parametrize(("rules", "viewer", "depts", "members"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_visibility_table(rules: list[Rule], viewer: str, depts: set[str], members: set[str]) -> None:
    shown, seen, _ = sees(rules, viewer)
    assert shown == depts
    assert seen == members


def test_path_to_a_shown_department_is_drawn_without_its_members() -> None:
    _, _, d = sees([rule("研发只看本部门", "restrict", depts=("研发部",))], "dave")
    assert {NAMES[x] for x in d.path} == {"公司", "研发部"}
    assert not d.member_visible(IDS["carol"], [3])  # 研发部 is only the path to 前端组


def test_each_hidden_item_names_the_rule_that_hid_it() -> None:
    rules = [rule("研发只看本部门", "restrict", depts=("研发部",), extra=("公司",)),
             rule("隐藏董事会", "hide", depts=("董事会",)), rule("隐藏老板", "hide", members=("boss",))]
    _, _, d = sees(rules, "carol")
    assert d.dept_reason(DEPT["董事会"]).rule == "隐藏董事会"  # type: ignore[union-attr]
    # a rule naming the member itself is its reason before the rule hiding its department
    assert d.member_reason(IDS["boss"], [5]).rule == "隐藏老板"  # type: ignore[union-attr]
    _, _, by_dept = sees(rules[:2], "carol")
    assert by_dept.member_reason(IDS["boss"], [5]).rule == "隐藏董事会"  # type: ignore[union-attr]
    assert d.dept_reason(DEPT["外部"]).to_json() == {"rule": "研发只看本部门", "kind": "restrict"}  # type: ignore[union-attr]
    assert d.member_reason(IDS["erin"], [6]).kind == "restrict"  # type: ignore[union-attr]
    assert d.dept_reason(DEPT["产品部"]) is None and d.member_reason(IDS["alice"], [2]) is None
    _, _, forbidden = sees([rule("禁止", "forbid", members=("alice",))], "alice")
    assert forbidden.member_reason(IDS["bob"], [2]).to_json() == {"rule": "禁止", "kind": "forbid"}  # type: ignore[union-attr]


@pytest.mark.parametrize(("rules", "viewer", "depts", "members"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_compact_form_describes_exactly_the_members_shown(rules: list[Rule], viewer: str, depts: set[str],
                                                            members: set[str]) -> None:
    """`policy visible-to --summary`: read as a client reads it, it shows the table's members."""
    _, _, d = sees(rules, viewer)
    named = {i: ds for i, ds in MEMBERS.values() if i in d.hidden_members or i in d.extra_members or
             i == MEMBERS[viewer][0]}
    form = compact_form(d, PARENT, children_of(PARENT), named)
    assert {name for name, (i, ds) in MEMBERS.items() if form.shows(PARENT, i, ds)} == members
    assert {NAMES[x] for x in PARENT if form.shows_department(PARENT, x)} == depts
    # compact: no member is listed apart unless a rule names it (or it is the viewer)
    assert form.except_members | form.extra_members <= set(named)


def test_compact_form_of_a_hidden_subtree_inside_a_shown_one() -> None:
    _, _, d = sees([rule("隐藏前端组", "hide", depts=("前端组",)), rule("隐藏老板", "hide", members=("boss",))],
                   "alice")
    form = compact_form(d, PARENT, children_of(PARENT), {15: [5], 10: [2]})
    assert {NAMES[x] for x in form.subtrees} == {"公司", "外部"}
    assert {NAMES[x] for x in form.except_subtrees} == {"前端组"}
    assert form.except_members == {15} and not form.extra_members and form.members_without_department
    _, _, forbidden = sees([rule("禁止", "forbid", members=("alice",))], "alice")
    form = compact_form(forbidden, PARENT, children_of(PARENT), {10: [2]})
    assert not form.subtrees and form.extra_members == {10} and {NAMES[x] for x in form.path_only} == {"公司", "产品部"}
    assert not form.members_without_department


# Besides the table's members: one without a department (shown only when nothing limits the viewer) and one
# who resigned (never shown).
LONE, GONE = 17, 18


@pytest.fixture(scope="module")
def org_db() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    now = dt.datetime(2026, 1, 1)
    tables.METADATA.create_all(engine, tables=[tables.DEPARTMENTS, tables.MEMBERS, tables.MEMBER_DEPARTMENTS])
    people = [(i, name, [*ds], "active") for name, (i, ds) in MEMBERS.items()]
    people += [(LONE, "nobody", [], "active"), (GONE, "gone", [2], "resigned")]
    with engine.begin() as conn:
        conn.execute(insert(tables.DEPARTMENTS), [
            {"id": i, "gid": f"d{i}", "name": NAMES[i], "parent_id": p, "created_at": now, "updated_at": now}
            for i, p in PARENT.items()])
        conn.execute(insert(tables.MEMBERS), [
            {"id": i, "gid": f"m{i}", "account": a, "name": a, "name_pinyin": a, "name_initials": a, "status": st,
             "created_at": now, "updated_at": now} for i, a, _ds, st in people])
        conn.execute(insert(tables.MEMBER_DEPARTMENTS), [{"member_id": i, "dept_id": d}
                                                          for i, _a, ds, _st in people for d in ds])
    with engine.connect() as conn:
        yield conn
    engine.dispose()


@pytest.mark.parametrize(("rules", "viewer", "depts", "members"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_full_answer_lists_exactly_the_members_shown(org_db: Connection, rules: list[Rule], viewer: str,
                                                        depts: set[str], members: set[str]) -> None:
    """`policy visible-to`'s default answer, read from the database in a few set-based queries (from the shown
    departments or from the ones not shown, whichever side is smaller), lists the table's members, sorted."""
    _, _, d = sees(rules, viewer)
    named = named_members(org_db, {*d.hidden_members, *d.extra_members, d.viewer})
    accounts = visible_accounts(org_db, d, PARENT, named)
    assert accounts == sorted(accounts)
    assert set(accounts) - {"nobody"} == members
    # a member without a department is shown when no restrict/forbid rule limits the viewer; a resigned one never
    assert ("nobody" in accounts) == (d.out_of_scope is None) and "gone" not in accounts
