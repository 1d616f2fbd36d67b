"""Deterministic generator of a large organisation with Chinese names, for benchmarks.

`generate_org(members=100_000, departments=5_000, seed=1)` returns plain dicts: departments as paths
(parents before children) and members with account, name, gender, mobile, email, position, weight and
department paths. The first leaf department holds `big_department` members (2,000 by default) so the
window benchmark can select a department of that size.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from youdu_console.domain.pinyin import name_pinyin

if TYPE_CHECKING:
    from youdu_console.services.console import Console

ROOT = ("root", "Secret#123")  # the benchmarks' super administrator

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文斌宇浩凯婷雪琳晨欣怡子轩梓涵"
         "雨嘉俊博宁佳慧颖晓东海波辉林峰亮健鑫龙彬阳昊天翔瑞泽然思源诗琪雅晴心悦一诺")
UNITS = ("研发", "产品", "市场", "销售", "财务", "人事", "行政", "法务", "客服", "运维", "测试", "设计", "采购", "物流",
         "质量", "安全", "培训", "战略", "投资", "公关")
TEAMS = ("一部", "二部", "三部", "四部", "五部", "六部", "七部", "八部", "九部", "十部")
POSITIONS = ("工程师", "高级工程师", "经理", "主管", "专员", "助理", "总监", "实习生", "顾问", "架构师")


@dataclass
class Org:
    departments: list[str]
    members: list[dict[str, Any]]


def _department_paths(count: int) -> list[str]:
    paths: list[str] = []
    top = [f"{u}中心" for u in UNITS]
    paths.extend(top)
    seconds = [f"{t}/{team}" for t in top for team in TEAMS]
    paths.extend(seconds)
    i = 0
    while len(paths) < count:
        parent = seconds[i % len(seconds)]
        paths.append(f"{parent}/第{i // len(seconds) + 1}组")
        i += 1
    return paths[:count]


def generate_org(members: int = 100_000, departments: int = 5_000, seed: int = 1,
                 big_department: int = 2_000) -> Org:
    rnd = random.Random(seed)
    depts = _department_paths(departments)
    leaves = depts[len(UNITS) + len(UNITS) * len(TEAMS):] or depts
    out: list[dict[str, Any]] = []
    used: set[str] = set()
    for i in range(members):
        surname = SURNAMES[rnd.randrange(len(SURNAMES))]
        given = "".join(GIVEN[rnd.randrange(len(GIVEN))] for _ in range(1 + (rnd.random() < 0.7)))
        name = surname + given
        full, _ = name_pinyin(name)
        account = full
        n = 1
        while account in used:
            n += 1
            account = f"{full}{n}"
        used.add(account)
        dept = leaves[0] if i < big_department else leaves[rnd.randrange(len(leaves))]
        depts_of = [dept]
        if rnd.random() < 0.05:  # some people belong to two departments
            other = leaves[rnd.randrange(len(leaves))]
            if other != dept:
                depts_of.append(other)
        out.append({
            "account": account, "name": name, "gender": "male" if rnd.random() < 0.5 else "female",
            "mobile": str(13_000_000_000 + i * 7 + rnd.randrange(7)), "phone": "",
            "email": f"{account}@example.com", "position": POSITIONS[rnd.randrange(len(POSITIONS))],
            "weight": rnd.randrange(100) if rnd.random() < 0.1 else 0, "departments": depts_of,
        })
    return Org(depts, out)


def console_with_members(url: str, members: int, path_of: Callable[[int], str]) -> Console:
    """A new database at `url` with the super administrator ROOT, logged in, and `members` members m000000…
    (成员0…), member i in department `path_of(i)` (created with its parents): the benchmarks' plain address book."""
    from youdu_console.domain.model import MemberRecord
    from youdu_console.services.admins import AdminService
    from youdu_console.services.console import login, open_uow

    uow = open_uow(url)
    AdminService(uow).add(None, ROOT[0], "super", ROOT[1])
    c = login(uow, *ROOT)
    records = [MemberRecord(account=f"m{i:06d}", name=f"成员{i}", departments=[path_of(i)]) for i in range(members)]
    c.apply(c.directory.plan_upsert(records, create_departments=True))
    return c
