"""Issue #10 point 10: Qt's own strings in Chinese, everything on screen retranslated by a live switch,
counts with group separators, whole titles on small dialogs, no product name twice, no raw database URL."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QListView,
    QWidget,
)

from tests.gui.support import GUI_MARKS, directory_panel, open_console
from youdu_console import APP_NAME_EN, APP_NAME_ZH
from youdu_console.gui import screenshots
from youdu_console.gui.dialogs.common import PromptDialog, show_info
from youdu_console.gui.dialogs.login import LoginDialog
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.models.lists import summary_text
from youdu_console.gui.visible_text import english_in, widget_texts

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _all_texts(root: QWidget) -> dict[str, list[str]]:
    """Every text of every widget (shown or not), keyed by its place in the widget tree."""
    out = {}

    def walk(widget: QWidget, path: str) -> None:
        out[path] = [t for t in widget_texts(widget) if t]
        model = widget.model() if isinstance(widget, QAbstractItemView) else None
        if model is not None and not isinstance(widget, QHeaderView):  # the rows on screen speak the language too
            top = QModelIndex()
            columns = 1 if isinstance(widget, QListView) else model.columnCount(top)
            out[path] += [str(model.index(r, c, top).data() or "")
                          for r in range(min(model.rowCount(top), 30)) for c in range(columns)]
        # Siblings by kind and name, not by z-order: a scroll area raises a scroll bar's container when the bar
        # first shows, which depends on the sizes a page had when it was built, not on the language.
        kids = sorted((c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow()),
                      key=lambda c: (type(c).__name__, c.objectName()))
        for i, child in enumerate(kids):
            walk(child, f"{path}/{i}:{type(child).__name__}#{child.objectName()}")

    walk(root, type(root).__name__)
    return out


def _words(texts: list[str] | None) -> list[str] | None:
    """Texts without their figures (a timestamp planned a second later is data, not language) and without
    mnemonics (Qt's file dialog drops its button's "(&O)" when it retranslates itself)."""
    return None if texts is None else [re.sub(r"\(&\w\)|&", "", re.sub(r"\d+", "0", t)) for t in texts]


def _visit_every_panel(qtbot: Any, main_window: MainWindow) -> None:
    for slug in list(main_window.panels):
        main_window.show_panel(slug)
        qtbot.waitUntil(lambda: not main_window.runner.busy, timeout=15000)
    directory_panel(main_window)


def test_qt_own_dialogs_and_buttons_speak_chinese(qtbot: Any, main_window: MainWindow) -> None:
    main_window.set_language("zh_CN")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Discard
                               | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["保存", "丢弃", "取消"])
    dialog = QFileDialog(main_window, "导入")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert english_in(dialog) == []  # "&Look in:" and "Files of &type:" are missing from Qt's own catalogue


def test_a_live_switch_leaves_no_old_text_on_screen(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    english = make_window(gui_org_url)
    _visit_every_panel(qtbot, english)
    english.set_language("zh_CN")
    qtbot.waitUntil(lambda: english.top_titles()[0] == "首页", timeout=5000)
    _visit_every_panel(qtbot, english)  # what each panel shows when it is looked at again
    switched = _all_texts(english)
    english.close()
    chinese = make_window(gui_org_url)
    _visit_every_panel(qtbot, chinese)
    fresh = _all_texts(chinese)
    different = {k: (switched.get(k), v) for k, v in fresh.items() if switched.get(k) != v}
    assert different == {}
    leftovers = english_in(chinese, data=screenshots.data_words(chinese))
    assert leftovers == [], "\n".join(map(str, leftovers))


def test_counts_have_group_separators(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        console.apply(console.settings.plan_set({"licence.seat_limit": 12345}))
    finally:
        console.uow.dispose()
    main_window = make_window(gui_org_url)
    home = main_window.show_panel("home")
    assert home.figures["authorized"].value.text() == "0/12,345"
    licence = main_window.show_panel("enterprise/licence")
    assert "12,345" in licence.usage.text()
    assert licence.editors["licence.seat_limit"].text() == "12,345 seats"
    assert summary_text({"added": 12345, "resigned": 2}) == "12,345 added, 2 resigned"
    main_window.set_language("zh_CN")
    assert summary_text({"added": 1234567}) == "新增 1,234,567"


def test_small_dialogs_show_their_whole_title(qtbot: Any, main_window: MainWindow) -> None:
    title = "添加子部门到研发部/前端组下面的一个很长很长的部门名称里面"
    prompt = PromptDialog(main_window, title, "部门名称")
    qtbot.addWidget(prompt)
    prompt.show()
    qtbot.waitExposed(prompt)
    assert prompt.width() >= prompt.fontMetrics().horizontalAdvance(title) + 80
    box = show_info(main_window, title + "的说明", "好")
    qtbot.waitExposed(box)
    assert box.width() >= box.fontMetrics().horizontalAdvance(title + "的说明") + 80
    box.close()


def test_window_title_names_the_database_once_and_without_its_url(qtbot: Any, main_window: MainWindow,
                                                                   job_runner: Any, gui_org_url: str) -> None:
    for lang in ("en", "zh_CN"):
        main_window.set_language(lang)
        title = main_window.windowTitle()
        assert APP_NAME_EN not in title and APP_NAME_ZH not in title
        assert "org.db" in title and "root" in title
        assert QApplication.applicationDisplayName() in (APP_NAME_ZH, APP_NAME_EN)
    assert QApplication.applicationDisplayName() == APP_NAME_ZH
    assert "sqlite:" not in main_window.status_user.text() and "org.db" in main_window.status_user.text()
    console = open_console(gui_org_url)
    login = LoginDialog(job_runner, console.uow, gui_org_url)
    qtbot.addWidget(login)
    shown = [t for w in login.findChildren(QWidget) for t in widget_texts(w)]
    assert not [t for t in shown if "sqlite:" in t] and any("org.db" in t for t in shown)
    login.close()
    console.uow.dispose()
    assert not [d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
                and "sqlite:" in d.windowTitle()]


def test_open_dialogs_follow_a_live_switch(qtbot: Any, main_window: MainWindow) -> None:
    """Each dialog of the tour, open while the language changes, reads as if it had been opened in the new one."""
    stale = {}
    for stop in [s for s in screenshots.stops(main_window) if s.dialog]:
        main_window.language.use("en")
        dialog = screenshots.visit(main_window, stop)
        main_window.language.use("zh_CN")
        QApplication.processEvents()
        switched = _all_texts(dialog)
        screenshots.leave(main_window, dialog)
        fresh_dialog = screenshots.visit(main_window, stop)
        fresh = _all_texts(fresh_dialog)
        screenshots.leave(main_window, fresh_dialog)
        # Widgets a dialog makes only when first needed (the file dialog's detail view) are not compared.
        different = {k: (switched[k], v) for k, v in fresh.items() if k in switched and _words(switched[k]) != _words(v)}
        if different:
            stale[stop.name] = different
    main_window.language.use("en")
    assert stale == {}, "\n".join(f"{k}: {v}" for k, v in stale.items())
