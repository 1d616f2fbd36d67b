"""Every item model of the window passes pytest-qt's qtmodeltester, on real data from the services."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.gui.support import GUI_MARKS, open_console
from youdu_console.gui.loaders import load_departments
from youdu_console.gui.models.lists import ChangeListModel, ErrorsModel, LockListModel, OperationsModel
from youdu_console.gui.models.members import MEMBERS_MIME, MemberTableModel
from youdu_console.gui.models.rows import KEY_ROLE
from youdu_console.gui.models.tree import DEPARTMENT_MIME, ENTERPRISE, DepartmentTreeModel
from youdu_console.gui.session import Session
from youdu_console.policy.login import LoginPolicy
from youdu_console.services import changes
from youdu_console.services.access import AccessService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


@pytest.fixture
def session(gui_org_url: str) -> Any:
    s = Session(gui_org_url, open_console(gui_org_url))
    yield s
    s.close()


def test_member_table_model(qtmodeltester: Any, session: Session) -> None:
    model = MemberTableModel()
    model.set_rows(session.directory.list_members("研发部/前端组"))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(MemberTableModel(), force_py=True)  # empty
    assert model.rowCount() == 2
    # The service's order: larger weight first.
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["lina", "zhangwei"]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["lina", "zhangwei"]
    model.sort(5, Qt.SortOrder.AscendingOrder)  # weight, numerically
    assert [model.data(model.index(r, 5)) for r in range(2)] == ["10", "50"]
    first = model.data(model.index(0, 0), KEY_ROLE)
    assert model.row_of(first) == 0
    mime = model.mimeData([model.index(0, 0), model.index(0, 3), model.index(1, 1)])
    assert mime.hasFormat(MEMBERS_MIME)
    assert mime.text().splitlines() == ["zhangwei", "lina"]


def test_member_weight_edit_signals(qtbot: Any, session: Session) -> None:
    model = MemberTableModel()
    model.set_rows(session.directory.list_members("研发部/前端组"))
    weight = model.index(0, 5)
    assert model.flags(weight) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.weight_edited) as blocker:
        assert model.setData(weight, "77")
    assert blocker.args == ["lina", 77]
    with qtbot.waitSignal(model.weight_rejected) as rejected:
        assert not model.setData(weight, "heavy")
    assert rejected.args[0].code == "weight_invalid"
    readonly = MemberTableModel(editable=False)
    readonly.set_rows(model.rows)
    assert not readonly.flags(readonly.index(0, 5)) & Qt.ItemFlag.ItemIsEditable


def test_department_tree_model_is_lazy_and_counts(qtmodeltester: Any, session: Session) -> None:
    model = DepartmentTreeModel(droppable=True)
    model.set_snapshot(load_departments(session))
    top = model.index(0, 0)
    assert model.dept_id(top) == ENTERPRISE
    assert model.data(top).endswith("(6)")
    assert model.rowCount(top) == 0 and model.hasChildren(top) and model.canFetchMore(top)
    qtmodeltester.check(model, force_py=True)
    model.fetchMore(top)
    names = [model.data(model.index(r, 0, top)) for r in range(model.rowCount(top))]
    assert "研发部(3)" in names and "产品部(2)" in names and "市场部(1)" in names
    rd = model.index_for_path("研发部/前端组")
    assert rd.isValid() and model.data(rd) == "前端组(2)"
    assert model.path(rd) == "研发部/前端组"
    assert model.parent(rd).isValid() and model.path(model.parent(rd)) == "研发部"
    mime = model.mimeData([rd])
    assert mime.hasFormat(DEPARTMENT_MIME)
    assert model.flags(QModelIndex()) == Qt.ItemFlag.ItemIsDropEnabled


def test_department_tree_drops_are_reported_not_applied(qtbot: Any, session: Session) -> None:
    model = DepartmentTreeModel(droppable=True)
    model.set_snapshot(load_departments(session))
    members = MemberTableModel()
    members.set_rows(session.directory.list_members("产品部"))
    target = model.index_for_path("市场部")
    mime = members.mimeData([members.index(0, 0)])
    with qtbot.waitSignal(model.members_dropped) as blocker:
        assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target) is False
    assert blocker.args == [[members.row_at(0).account], "市场部"]
    # Members cannot be dropped between rows or on the enterprise row.
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, target.parent())
    dept = model.mimeData([model.index_for_path("研发部/后端组")])
    with qtbot.waitSignal(model.department_dropped) as moved:
        model.dropMimeData(dept, Qt.DropAction.MoveAction, -1, -1, model.index_for_path("产品部"))
    assert moved.args == ["研发部/后端组", "产品部", -1]


def test_list_models(qtmodeltester: Any, session: Session) -> None:
    history = ChangeListModel()
    history.set_rows(changes.list_changes(session.uow, session.actor))
    qtmodeltester.check(history, force_py=True)
    assert history.rowCount() >= 5
    shown = changes.show(session.uow, session.actor, history.key_at(0))
    operations = OperationsModel()
    operations.set_operations(shown["operations"])
    qtmodeltester.check(operations, force_py=True)
    assert operations.rowCount() == len(shown["operations"])
    errors = ErrorsModel()
    errors.set_errors([{"row": 3, "field": "mobile", "message": "bad"}, {"entry": "x", "message": "worse"}])
    qtmodeltester.check(errors, force_py=True)
    assert errors.data(errors.index(0, 0)) == "3"
    for _ in range(5):
        LoginPolicy(session.uow).check_login("zhaolei", "wrong", "windows", "10.0.0.8")
    locks = LockListModel()
    locks.set_rows(AccessService(session.uow, session.actor).lock_list())
    qtmodeltester.check(locks, force_py=True)
    assert locks.rowCount() == 1
    assert locks.data(locks.index(0, 0)) == "zhaolei"
    assert locks.data(locks.index(0, 5)) == "10.0.0.8"


def test_models_pass_the_cpp_tester_too(qtmodeltester: Any, session: Session) -> None:
    """Qt's own QAbstractItemModelTester (it reports through Qt warnings, which fail the test).

    The tree gets its snapshot before the tester is attached: Qt's tester runs its checks from inside
    modelReset, and its checks fetch lazy children, which it then reports as an insertion nested in the
    reset (qabstractitemmodeltester.cpp connects runAllTests before its own modelReset bookkeeping).
    """
    tree = DepartmentTreeModel(droppable=True)
    tree.set_snapshot(load_departments(session))
    qtmodeltester.check(tree)
    assert tree.index_for_path("研发部/前端组").isValid()
    table = MemberTableModel()
    qtmodeltester.check(table)
    table.set_rows(session.directory.list_members(status=None))
    table.sort(1, Qt.SortOrder.DescendingOrder)
    table.retranslate()
    assert table.rowCount() == 6


def test_rows_appended_after_a_first_page(qtmodeltester: Any, session: Session) -> None:
    everyone = session.directory.list_members(status=None)
    model = MemberTableModel()
    model.set_rows(everyone[:2])
    qtmodeltester.check(model, force_py=True)
    model.append_rows(everyone[2:])
    assert [m.account for m in model.rows] == [m.account for m in everyone]
    assert model.row_of(everyone[-1].id) == len(everyone) - 1
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.append_rows([])
    assert model.data(model.index(0, 0)) == max(m.account for m in everyone)
