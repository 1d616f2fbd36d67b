"""The RTX reader on real files: GB2312/GBK/UTF-8 encodings, nested departments, hostile XML."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.interchange_helpers import RTX_DEPTS, RTX_DETAILS, RTX_MEMBERSHIPS, RTX_USERS, rtx_xml, write_rtx
from youdu_console.domain.errors import YouduError
from youdu_console.interchange import rtx
from youdu_console.interchange.common import Cancelled

UNKNOWN_TABLE = '<RTX_Group>\n<Item GroupID="1" GroupName="群"/>\n</RTX_Group>\n'


def _by_account(read: rtx.RtxRead) -> dict[str, object]:
    return {str(r.account): r for r in read.records}


def test_gb2312_export_with_gbk_characters_nested_departments_and_multi_membership(tmp_path: Path) -> None:
    text = rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS, RTX_DETAILS, extra=UNKNOWN_TABLE)
    path = write_rtx(tmp_path / "org.xml", text)
    with pytest.raises(UnicodeEncodeError):
        text.encode("gb2312")  # the file really needs GBK: a strict GB2312 decoder would fail on it
    read = rtx.read_org(path)
    assert read.encoding == "gb18030" and read.root.startswith("RTX2005")
    assert read.errors == []
    assert read.departments == ["分公司", "总公司", "总公司/市场部", "总公司/研发中心", "总公司/研发中心/前端组"]
    users = _by_account(read)
    zrj, lz, wf = users["zhurongji"], users["lizhe"], users["Wang.Fang"]
    assert (zrj.name, zrj.gender, zrj.mobile, zrj.email, zrj.phone, zrj.position) == (  # type: ignore[attr-defined]
        "朱镕基", "male", "13800000010", "zrj@example.com", "010-6666", "总工程师")
    assert zrj.departments == ["总公司/研发中心/前端组", "总公司/市场部"]  # type: ignore[attr-defined]
    assert (lz.name, lz.gender, lz.departments) == ("李喆", "female", ["总公司/研发中心"])  # type: ignore[attr-defined]
    assert wf.departments == ["分公司", "总公司/研发中心/前端组"] and wf.position == "经理"  # type: ignore[attr-defined]
    assert [r.row for r in read.records] == [1, 2, 3]


@pytest.mark.parametrize(("declared", "codec", "expected"), [
    ("GBK", "gbk", "gb18030"),
    ("gb18030", "gb18030", "gb18030"),
    (None, "gb18030", "gb18030"),        # no declaration, not UTF-8: a Chinese Windows export
    (None, "utf-8", "utf-8"),
    ("UTF-8", "utf-8", "utf-8"),
    ("UTF-8", "gbk", "gb18030"),         # declared UTF-8 but written as GBK: judged by the bytes
    ("x-unknown-charset", "utf-8", "utf-8"),
])
def test_encodings_are_decoded_by_declaration_with_fallbacks(tmp_path: Path, declared: str | None, codec: str,
                                                             expected: str) -> None:
    path = write_rtx(tmp_path / "org.xms", rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS, encoding=declared), codec)
    read = rtx.read_org(path)
    assert read.encoding == expected
    assert _by_account(read)["zhurongji"].name == "朱镕基"  # type: ignore[attr-defined]


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "org.xml"
    path.write_bytes(codecs.BOM_UTF8 + rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS, encoding="UTF-8").encode())
    assert _by_account(rtx.read_org(path))["lizhe"].name == "李喆"  # type: ignore[attr-defined]


def test_lowercase_item_and_attribute_names_are_accepted(tmp_path: Path) -> None:
    text = ('<?xml version="1.0" encoding="gb2312"?><RTX2005OrLater_Exported_Data_X><Database>'
            '<SYS_USER><item id="1" username="zs" name="张三"/></SYS_USER>'
            '<rtx_dept><item deptid="7" pdeptid="0" deptname="部"/></rtx_dept>'
            '<rtx_deptuser><item deptid="7" userid="1"/></rtx_deptuser></Database></RTX2005OrLater_Exported_Data_X>')
    read = rtx.read_org(write_rtx(tmp_path / "org.xml", text))
    assert [(r.account, r.departments) for r in read.records] == [("zs", ["部"])]


ENTITY_BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
               '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
               '<RTX2005OrLater_Exported_Data_X><Database><Sys_User><Item ID="1" UserName="a" Name="&lol3;"/>'
               '</Sys_User></Database></RTX2005OrLater_Exported_Data_X>')
EXTERNAL_ENTITY = ('<?xml version="1.0"?>\n<!-- harmless -->\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<RTX2005OrLater_Exported_Data_X><Database><Sys_User><Item ID="1" UserName="a" Name="&x;"/>'
                   '</Sys_User></Database></RTX2005OrLater_Exported_Data_X>')
NETWORK_DTD = ('<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">'
               '<RTX2005OrLater_Exported_Data_X><Database/></RTX2005OrLater_Exported_Data_X>')


@pytest.mark.parametrize("text", [ENTITY_BOMB, EXTERNAL_ENTITY, NETWORK_DTD], ids=["bomb", "external", "network"])
def test_dtds_and_entities_are_refused_before_parsing(tmp_path: Path, text: str) -> None:
    with pytest.raises(YouduError) as info:
        rtx.read_org(write_rtx(tmp_path / "evil.xml", text, "utf-8"))
    assert info.value.code == "xml_dtd_refused"


def test_entity_declared_in_utf16_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    path.write_bytes(codecs.BOM_UTF16_LE + EXTERNAL_ENTITY.replace('<?xml version="1.0"?>', "").encode("utf-16-le"))
    with pytest.raises(YouduError) as info:
        rtx.read_org(path)
    assert info.value.code == "xml_dtd_refused"


@pytest.mark.parametrize(("text", "code"), [
    ('<?xml version="1.0"?><html><body/></html>', "rtx_not_rtx"),
    ('<?xml version="1.0"?><RTX2005OrLater_X><Database><RTX_Dept/></Database></RTX2005OrLater_X>', "rtx_no_users"),
    ("", "file_corrupt"),
    ("just some text", "file_corrupt"),
])
def test_files_that_are_not_rtx_exports(tmp_path: Path, text: str, code: str) -> None:
    with pytest.raises(YouduError) as info:
        rtx.read_org(write_rtx(tmp_path / "x.xml", text, "utf-8"))
    assert info.value.code == code


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_export_is_reported_as_damaged(tmp_path: Path, cut: float) -> None:
    data = rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS).encode("gb18030")
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(YouduError) as info:
        rtx.read_org(path)
    assert info.value.code == "file_corrupt"
    assert "cut.xml" in info.value.message("en")


def test_broken_department_structure_becomes_entry_errors(tmp_path: Path) -> None:
    depts = RTX_DEPTS + [
        {"DeptID": "20", "PDeptID": "21", "DeptName": "甲"}, {"DeptID": "21", "PDeptID": "20", "DeptName": "乙"},
        {"DeptID": "30", "PDeptID": "99", "DeptName": "无上级"},
        {"DeptID": "40", "PDeptID": "1", "DeptName": "研发/测试"},
    ]
    users = RTX_USERS + [{"ID": "50", "UserName": "cyc", "Name": "循环"}, {"ID": "51", "UserName": "slash", "Name": "斜杠"},
                         {"ID": "52", "UserName": "ghost", "Name": "幽灵"}]
    links = RTX_MEMBERSHIPS + [("50", "20"), ("51", "40"), ("52", "77")]
    read = rtx.read_org(write_rtx(tmp_path / "org.xml", rtx_xml(users, depts, links)))
    codes = {(e["entry"], e["code"]) for e in read.errors}
    assert ("RTX_Dept 30 无上级", "rtx_dept_parent_missing") in codes
    assert ("RTX_Dept 40 研发/测试", "dept_name_invalid") in codes
    assert any(code == "rtx_dept_cycle" for _, code in codes)
    member_errors = {e["entry"]: (e["row"], e["field"]) for e in read.errors if e["code"] == "rtx_user_dept_missing"}
    assert member_errors == {"cyc": (4, "department"), "slash": (5, "department"), "ghost": (6, "department")}
    assert sorted(_by_account(read)) == ["Wang.Fang", "lizhe", "zhurongji"]


def test_users_without_departments_are_kept_for_the_default_department(tmp_path: Path) -> None:
    read = rtx.read_org(write_rtx(tmp_path / "org.xml", rtx_xml(RTX_USERS, RTX_DEPTS, [])))
    assert [r.departments for r in read.records] == [None, None, None]


def test_large_export_streams_with_progress_and_cancel(tmp_path: Path) -> None:
    users = [{"ID": str(i), "UserName": f"u{i}", "Name": "张三"} for i in range(30_000)]
    links = [(str(i), "1") for i in range(30_000)]
    path = write_rtx(tmp_path / "big.xml", rtx_xml(users, RTX_DEPTS[:1], links))
    seen: list[tuple[int, int]] = []
    read = rtx.read_org(path, progress=lambda d, t: seen.append((d, t)))
    assert len(read.records) == 30_000 and read.records[-1].row == 30_000
    size = path.stat().st_size
    assert seen[-1] == (size, size) and len(seen) >= 3
    with pytest.raises(Cancelled):
        rtx.read_org(path, cancel=lambda: True)


def test_randomly_damaged_exports_fail_only_with_coded_errors(tmp_path: Path) -> None:
    import random

    data = rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS, RTX_DETAILS).encode("gb18030")
    rnd = random.Random(20240502)
    outcomes: set[str] = set()
    for n in range(80):
        damaged = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
        path = tmp_path / f"damaged{n}.xml"
        path.write_bytes(bytes(damaged))
        try:
            rtx.read_org(path)
            outcomes.add("read")
        except YouduError as exc:
            outcomes.add(exc.code)
    assert outcomes <= {"read", "file_corrupt", "rtx_not_rtx", "rtx_no_users", "xml_dtd_refused"}
    assert "file_corrupt" in outcomes


def test_departments_deeper_than_the_limit_refuse_the_file(tmp_path: Path) -> None:
    depts = [{"DeptID": str(i), "PDeptID": str(i - 1), "DeptName": f"第{i}级"} for i in range(1, 3001)]
    users = [{"ID": "1", "UserName": "deep", "Name": "深", "Mobile": ""}]
    path = write_rtx(tmp_path / "deep.xml", rtx_xml(users, list(reversed(depts)), [("1", "3000")]))
    with pytest.raises(YouduError) as info:
        rtx.read_org(path)
    assert info.value.code == "dept_too_deep" and info.value.params["max"] == 32
    assert info.value.params["path"].startswith("第1级/第2级/") and len(info.value.params["path"]) < 200
    read = rtx.read_org(write_rtx(tmp_path / "ok.xml", rtx_xml(users, depts[:32], [("1", "32")])))
    assert len(read.departments[-1].split("/")) == 32 and read.records[0].departments == [read.departments[-1]]
    with pytest.raises(YouduError):
        rtx.read_org(path, max_depth=2999)
    assert len(rtx.read_org(path, max_depth=3000).departments) == 3000


def test_a_long_cycle_is_reported_as_a_cycle_not_as_depth(tmp_path: Path) -> None:
    depts = [{"DeptID": str(i), "PDeptID": str(i - 1 if i > 1 else 40), "DeptName": f"环{i}"} for i in range(1, 41)]
    users = [{"ID": "1", "UserName": "u", "Name": "环", "Mobile": ""}]
    read = rtx.read_org(write_rtx(tmp_path / "cycle.xml", rtx_xml(users, depts, [("1", "5")])))
    assert {e["code"] for e in read.errors} == {"rtx_dept_cycle", "rtx_user_dept_missing"}
