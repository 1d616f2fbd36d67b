"""Issue #10 points 5, 7 and 8 in the window: search with its true total, natural sort, the lists' columns,
filters and counts. Every figure is checked against the database (read through the services)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from tests.fixtures.core import bootstrap
from tests.gui.support import (
    GUI_MARKS,
    directory_panel,
    open_console,
    seed,
    select_department,
    wait_jobs,
)
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.tree import ENTERPRISE
from youdu_console.policy.login import LoginPolicy
from youdu_console.services.access import AccessService
from youdu_console.services.console import open_uow
from youdu_console.services.directory import SEARCH_LIMIT, MemberRecord

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures

NAMESAKES = 70  # more than the old silent cap of 50


def _add(url: str, records: list[MemberRecord], departments: tuple[str, ...] = ()) -> None:
    console = open_console(url)
    try:
        d = console.directory
        for path in departments:
            console.apply(d.plan_add_department(path, parents=True))
        cs = d.plan_upsert(records, kind="test")
        assert not cs.errors, cs.errors
        console.apply(cs)
    finally:
        console.uow.dispose()


def _column(model: Any, key: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.key == key)


def _activate(qtbot: Any, main_window: MainWindow) -> None:
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)  # shortcuts need the active window


# ---------------------------------------------------------------- 5. search
def test_search_shows_the_true_total_pages_and_tells_namesakes_apart(qtbot: Any, make_window: Any,
                                                                     gui_org_url: str) -> None:
    records = [MemberRecord(account=f"wangjun{i:03d}", name="王军",
                            departments=["研发部/前端组" if i % 2 else "产品部"], row=i) for i in range(NAMESAKES)]
    _add(gui_org_url, records)
    main_window = make_window(gui_org_url)
    panel = select_department(main_window, "市场部")
    QTest.keyClicks(panel.departments.search, "wangj")
    qtbot.waitUntil(lambda: panel.members.search_text == "wangj", timeout=5000)
    model = panel.members.model
    assert NAMESAKES > SEARCH_LIMIT
    assert model.total == NAMESAKES
    assert panel.members.title.text() == f"Search “wangj”: {NAMESAKES} found"
    # Pages: the rest arrives as the table scrolls, in the service's order, each member once.
    for _ in range(10):
        panel.members.view.scrollToBottom()
        QTest.qWait(20)
        if model.rowCount() == NAMESAKES:
            break
    assert sorted(m.account for m in model.rows) == sorted(r.account for r in records)
    # A department column tells the namesakes apart.
    dept = _column(model, "departments")
    assert model.headerData(dept, Qt.Orientation.Horizontal) == "Department"
    shown = {model.data(model.index(r, 0)): model.data(model.index(r, dept)) for r in range(model.rowCount())}
    assert shown["wangjun001"] == "研发部/前端组" and shown["wangjun002"] == "产品部"


def test_ctrl_f_focuses_the_search_and_esc_clears_it(qtbot: Any, main_window: MainWindow) -> None:
    panel = select_department(main_window, "市场部")
    _activate(qtbot, main_window)
    panel.members.view.setFocus()
    QTest.keyClick(panel.members.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.departments.search.hasFocus, timeout=5000)
    QTest.keyClicks(panel.departments.search, "zw")
    qtbot.waitUntil(lambda: [m.account for m in panel.members.model.rows] == ["zhangwei"], timeout=5000)
    QTest.keyClick(panel.departments.search, Qt.Key.Key_Escape)
    assert panel.departments.search.text() == ""
    qtbot.waitUntil(lambda: [m.account for m in panel.members.model.rows] == ["zhaolei"], timeout=5000)
    assert not panel.members.search_text
    assert panel.members.title.text() == "市场部(1)"


# ---------------------------------------------------------------- 7. natural sort
def test_departments_and_members_sort_naturally(qtbot: Any, make_window: Any, tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'sorted.db'}"
    console = bootstrap(url)
    try:
        seed(console)
        d = console.directory
        for path in ("七部", "三部", "十部", "第10组", "第1组", "第2组", "研发部/第十二组", "研发部/第二组"):
            console.apply(d.plan_add_department(path, parents=True))
        people = [("user10", "成员10"), ("user2", "张三"), ("user1", "李四"), ("a9", "阿九"), ("user3", "成员2")]
        cs = d.plan_upsert([MemberRecord(account=a, name=n, departments=["三部"], row=i)
                            for i, (a, n) in enumerate(people)], kind="test")
        console.apply(cs)
    finally:
        console.uow.dispose()
    main_window = make_window(url)
    panel = directory_panel(main_window)
    tree = panel.departments.model
    top = tree.index(0, 0)
    assert tree.dept_id(top) == ENTERPRISE
    tops = [tree.data(tree.index(r, 0, top)).split("(")[0] for r in range(tree.rowCount(top))]
    # Numbers by value (Chinese numerals too), Chinese by pinyin: 产品部 chan, 第 di, 三 san, 市场 shi, 研发 yan.
    # Numbers (三 七 十) before words.
    assert tops == ["三部", "七部", "十部", "产品部", "第1组", "第2组", "第10组", "市场部", "研发部"]
    rd = tree.index_for_path("研发部")
    tree.fetchMore(rd)
    kids = [tree.data(tree.index(r, 0, rd)).split("(")[0] for r in range(tree.rowCount(rd))]
    assert kids == ["第二组", "第十二组", "后端组", "前端组"]  # di 2, di 12, hou, qian
    # Members of equal weight: by account (the manual's rule, 5.3.5), in natural order.
    panel.departments.select_path("三部")
    model = panel.members.model
    assert [m.account for m in model.rows] == ["a9", "user1", "user2", "user3", "user10"]
    # A header sort on the name column: pinyin order, numbers by value.
    model.sort(_column(model, "name"), Qt.SortOrder.AscendingOrder)
    assert [m.name for m in model.rows] == ["阿九", "成员2", "成员10", "李四", "张三"]
    model.sort(_column(model, "account"), Qt.SortOrder.DescendingOrder)
    assert [m.account for m in model.rows] == ["user10", "user3", "user2", "user1", "a9"]


# ---------------------------------------------------------------- 8. lists
def test_the_list_includes_sub_departments_and_all_departments_shows_everyone(qtbot: Any,
                                                                             main_window: MainWindow) -> None:
    panel = select_department(main_window, "研发部")
    members = panel.members
    assert members.subtree_box.isChecked()  # by default, as the tree's count 研发部(3)
    assert sorted(m.account for m in members.model.rows) == ["lina", "wangfang", "zhangwei"]
    assert members.title.text() == "研发部(3)"
    assert panel.departments.model.data(panel.departments.model.index_for_path("研发部")) == "研发部(3)"
    members.subtree_box.setChecked(False)
    assert members.model.rowCount() == 0 and members.title.text() == "研发部(0)"
    assert members.empty_hint.isVisibleTo(members) and "sub-departments" in members.empty_hint.text()
    members.subtree_box.setChecked(True)
    assert members.model.rowCount() == 3 and not members.empty_hint.isVisibleTo(members)
    # 全部部门: every member, with the count.
    panel.departments.select_id(ENTERPRISE)
    assert sorted(m.account for m in members.model.rows) == ["chenjing", "lina", "liuyang", "wangfang", "zhangwei",
                                                              "zhaolei"]
    assert members.title.text() == "All departments(6)"


def test_member_columns_fit_their_content(main_window: MainWindow) -> None:
    panel = select_department(main_window, "研发部/前端组")
    view, model = panel.members.view, panel.members.model
    email, status = _column(model, "email"), _column(model, "status")
    header = view.horizontalHeader()
    assert header.sectionSize(status) < header.sectionSize(email)
    assert header.sectionSize(status) < view.viewport().width() / 4  # never half the table
    assert header.stretchLastSection() and model.columns[-1].key == "departments"
    option = QStyleOptionViewItem()
    view.itemDelegateForColumn(email).initStyleOption(option, model.index(0, email))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle  # both ends of an address stay visible
    assert view.itemDelegateForColumn(status) is None


def test_access_list_filter_reads_pinyin_initials_and_counts(qtbot: Any, main_window: MainWindow,
                                                             gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        access = AccessService(console.uow, console.actor)
        console.apply(access.plan_authorization(["zhangwei", "lina", "liuyang"], "grant"))
    finally:
        console.uow.dispose()
    lists = main_window.show_panel("directory/access")
    qtbot.waitUntil(lambda: lists.model.total == 3, timeout=15000)
    assert lists.title.text() == "Authorised list(3)"
    QTest.keyClicks(lists.filter, "zw")  # 张伟's initials
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["zhangwei"], timeout=5000)
    assert lists.title.text() == "Authorised list(1 of 3)"
    lists.filter.setText("liu")  # 刘洋's pinyin
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["liuyang"], timeout=5000)
    lists.filter.clear()
    qtbot.waitUntil(lambda: lists.model.total == 3, timeout=5000)
    assert lists.title.text() == "Authorised list(3)"
    dept = _column(lists.model, "departments")
    assert not lists.view.isColumnHidden(dept)
    assert lists.view.isColumnHidden(_column(lists.model, "resigned_at"))  # only on the resigned list


def test_the_resigned_list_shows_the_resignation_date(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        console.apply(console.directory.plan_resign(["liuyang"]))
        resigned_at = console.directory.get_member("liuyang").resigned_at
    finally:
        console.uow.dispose()
    assert resigned_at
    lists = main_window.show_panel("directory/access")
    wait_jobs(qtbot, main_window.runner)
    lists.kinds.setCurrentRow(2)
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["liuyang"], timeout=15000)
    column = _column(lists.model, "resigned_at")
    assert not lists.view.isColumnHidden(column)
    assert lists.model.headerData(column, Qt.Orientation.Horizontal) == "Resigned on"
    assert lists.model.data(lists.model.index(0, column)) == local_time(resigned_at) != ""
    # Restored: the date is gone with the resignation.
    console = open_console(gui_org_url)
    try:
        console.apply(console.directory.plan_restore(["liuyang"]))
        assert console.directory.get_member("liuyang").resigned_at is None
    finally:
        console.uow.dispose()


def _lock(url: str, account: str) -> None:
    uow = open_uow(url)
    try:
        policy = LoginPolicy(uow)
        for _ in range(5):
            policy.check_login(account, "wrong-password", "android", "203.0.113.9")
    finally:
        uow.dispose()


def test_the_lockout_desk_has_a_filter_and_a_department_column(qtbot: Any, make_window: Any,
                                                               gui_org_url: str) -> None:
    for account in ("zhangwei", "wangfang", "zhaolei"):
        _lock(gui_org_url, account)
    main_window = make_window(gui_org_url)
    desk = main_window.show_panel("directory/lockout")
    assert desk.model.rowCount() == 3
    dept = _column(desk.model, "departments")
    assert desk.model.headerData(dept, Qt.Orientation.Horizontal) == "Department"
    by_account = {desk.model.row_at(r)["account"]: desk.model.data(desk.model.index(r, dept)) for r in range(3)}
    assert by_account == {"zhangwei": "研发部/前端组", "wangfang": "研发部/后端组", "zhaolei": "市场部"}
    QTest.keyClicks(desk.filter, "zw")  # pinyin initials
    assert [r["account"] for r in desk.model.rows] == ["zhangwei"]
    assert desk.title.text() == "Locked accounts(1 of 3)"
    desk.filter.setText("研发部")  # a department
    assert sorted(r["account"] for r in desk.model.rows) == ["wangfang", "zhangwei"]
    _activate(qtbot, main_window)
    desk.filter.setFocus()
    QTest.keyClick(desk.filter, Qt.Key.Key_Escape)
    assert desk.filter.text() == "" and desk.model.rowCount() == 3
    assert desk.unlock_all_button.isEnabled()


def test_member_model_pages_pass_the_model_tester(qtmodeltester: Any, main_window: MainWindow) -> None:
    from youdu_console.gui.models.members import PAGE, MemberTableModel

    directory = main_window.session.directory
    ids = directory.member_ids()
    model = MemberTableModel()
    fetched: list[int] = []

    def fetch(chunk: list[int]) -> list[Any]:
        fetched.append(len(chunk))
        return directory.members_by_ids(chunk)

    model.show_ids(ids, fetch)
    qtmodeltester.check(model, force_py=True)
    assert model.total == 6 and model.rowCount() == min(PAGE, 6)
    assert not model.canFetchMore(QModelIndex())
    # A list longer than a page, in a model of its own (the tester stays connected to a model it checked and
    # then checks every signal): checked with rows still to fetch, then watched while the rest arrives.
    from dataclasses import replace

    base = model.row_at(0)
    many = {i: replace(base, id=i, account=f"user{i}") for i in range(1, 2 * PAGE + 51)}
    paged = MemberTableModel()
    paged.show_ids(list(many), lambda chunk: [many[i] for i in chunk])
    assert paged.canFetchMore(QModelIndex()) and paged.rowCount() == PAGE and paged.total == 2 * PAGE + 50
    qtmodeltester.check(paged, force_py=True)  # fetches a page itself, as a view would
    while paged.canFetchMore(QModelIndex()):
        paged.fetchMore(QModelIndex())
    assert [m.account for m in paged.rows] == [f"user{i}" for i in many]
    assert paged.row_of(2 * PAGE + 50) == 2 * PAGE + 49
    paged.show_ids(list(many)[:3], lambda chunk: [many[i] for i in chunk])  # a reset, watched by the tester
    assert paged.rowCount() == 3 and not paged.canFetchMore(QModelIndex())
