"""Previews, the change history and the status line speak the manual's words in both languages (issue #10,
point 3): no `depts`, `authorization`, `password_hash`, `locked_at`, setting key or role code, and times as
people write them. The same words reach the CLI's text output."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.fixtures.core import Cli
from tests.gui.support import GUI_MARKS, apply_preview, open_console, wait_jobs
from youdu_console.domain.settings import BY_KEY
from youdu_console.gui.i18n import Language
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.history import HistoryPanel
from youdu_console.policy.login import LoginPolicy
from youdu_console.services.admins import AdminService
from youdu_console.services.console import open_uow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]

INTERNAL = re.compile(r"\b(depts|authorization|authorized|unauthorized|password_hash|failures|locked_at|"
                      r"parent_id|must_change_password|helpdesk|security\.[a-z_]+)\b|\*\*\*|\d{4}-\d\d-\d\dT")


def lock(url: str, account: str) -> None:
    uow = open_uow(url)
    try:
        policy = LoginPolicy(uow)
        for _ in range(5):
            policy.check_login(account, "wrong-password", "android", "203.0.113.9")
    finally:
        uow.dispose()


def preview_rows(main_window: MainWindow) -> list[str]:
    """Each previewed operation as the table shows it: target and details."""
    dialog = main_window.preview_dialog
    assert dialog is not None
    model = dialog.operations
    return [" | ".join(str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def run_previewed(qtbot: Any, main_window: MainWindow, plan: Any) -> tuple[list[str], str]:
    main_window.run_change(plan, title="test")
    qtbot.waitUntil(lambda: main_window.preview_dialog is not None and main_window.preview_dialog.isVisible(),
                    timeout=15000)
    rows = preview_rows(main_window)
    apply_preview(qtbot, main_window)
    return rows, main_window.statusBar().currentMessage()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_previews_history_and_status_line_use_the_manuals_words(qtbot: Any, main_window: MainWindow,
                                                                 gui_org_url: str, gui_language: Language,
                                                                 lang: str) -> None:
    gui_language.choose(lang)
    zh = lang == "zh_CN"
    session = main_window.session
    access, directory = session.access, session.directory
    seen: list[str] = []

    rows, status = run_previewed(qtbot, main_window, lambda: access.plan_authorization(["lina"], "grant"))
    rows, status = run_previewed(qtbot, main_window, lambda: access.plan_authorization(["lina"], "revoke"))
    assert ("登录授权：已授权 → 未授权" if zh else "Login authorisation: Authorised → Not authorised") in rows[0]
    assert (status.startswith("已应用变更集") and "取消授权 lina" in status if zh else
            status.startswith("Applied change set") and "Revoke authorisation of lina" in status), status
    seen += rows + [status]

    rows, status = run_previewed(qtbot, main_window,
                                 lambda: directory.plan_update_member("lina", position="总监"))
    assert ("职务（研发部/前端组）：经理 → 总监" if zh else "Position (研发部/前端组): 经理 → 总监") in rows[0], rows
    seen += rows + [status]

    rows, status = run_previewed(qtbot, main_window,
                                 lambda: access.plan_set_password("wangfang", "N3w#Passw0rd!"))
    assert ("密码：— → 已设置" if zh else "Password: — → set") in rows[0], rows
    seen += rows + [status]

    lock(gui_org_url, "zhaolei")
    rows, status = run_previewed(qtbot, main_window, lambda: access.plan_unlock(["zhaolei"]))
    assert re.search(r"连续输错密码次数：5 → 0；锁定时间：\d{4}-\d\d-\d\d \d\d:\d\d → —" if zh else
                     r"Wrong passwords in a row: 5 → 0; Locked at: \d{4}-\d\d-\d\d \d\d:\d\d → —", rows[0]), rows
    seen += rows + [status]

    key = "security.lockout_threshold"
    rows, status = run_previewed(qtbot, main_window, lambda: session.settings.plan_set({key: 3}))
    assert BY_KEY[key].label(lang) in rows[0] and "5 → 3" in rows[0], rows
    assert BY_KEY[key].label(lang) in status, status
    seen += rows + [status]

    rows, status = run_previewed(qtbot, main_window, lambda: AdminService(session.uow).plan_add(
        session.actor, f"helper{lang}", "helpdesk", "Helper#Passw0rd1"))
    assert (f"添加管理员 helper{lang}（服务台）" if zh else f"Add administrator helper{lang} (Helpdesk)") in status
    assert (("角色：服务台" in rows[0] and "密码：已设置" in rows[0]) if zh else
            ("Role: Helpdesk" in rows[0] and "Password: set" in rows[0])), rows
    seen += rows + [status]

    history = main_window.show_panel("tools/history")
    assert isinstance(history, HistoryPanel)
    history.reload()
    for i in range(min(history.model.rowCount(), 7)):
        history.select_id(history.model.key_at(i))
        wait_jobs(qtbot, main_window.runner)
        for r in range(history.model.columnCount()):
            seen.append(str(history.model.index(i, r).data()))
        ops = history.operations
        seen += [str(ops.index(r, c).data()) for r in range(ops.rowCount()) for c in range(ops.columnCount())]
    leaks = [text for text in seen if INTERNAL.search(text)]
    assert not leaks, leaks


def test_the_cli_text_output_uses_the_same_words(gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    console.uow.dispose()
    cli = Cli(gui_org_url)
    res = cli("--lang", "zh_CN", "auth", "grant", "lina", as_json=False)
    assert res.code == 0, res.err
    res = cli("--lang", "zh_CN", "auth", "revoke", "lina", as_json=False)
    assert "登录授权：已授权 → 未授权" in res.out and "authorization" not in res.out, res.out
