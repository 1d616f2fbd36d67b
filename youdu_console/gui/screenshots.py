"""`gui --screenshots DIR`: every tab and dialog of the window, in zh_CN and en, light and dark, at 1280×800
and at 1920×1080 with 200 % scale, on a demo database — and the check that nothing visible in the Chinese
window is English except product names and data (written to DIR/english-in-zh_CN.txt).

Each scale runs in its own process (QT_SCALE_FACTOR is read once, when Qt starts); inside it the language
and the palette are switched live, as a user would, so the pictures also show that both are retranslated
and repainted in place.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSize
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from youdu_console.gui.visible_text import english_in

# name → (QT_SCALE_FACTOR, logical window size): 1920×1080 pixels at 200 % is a 960×540 window.
VARIANTS: dict[str, tuple[int, QSize]] = {"1280x800": (1, QSize(1280, 800)), "1920x1080@2x": (2, QSize(960, 540))}
LANGS = ("zh_CN", "en")
SCHEMES = ("light", "dark")
DEMO_ADMIN = ("admin", "Demo#2026pass")
DEMO_PEOPLE = (
    ("zhangwei", "张伟", "研发部/前端组", "13800000001", "zhangwei@example.com", "高级工程师", 10),
    ("lina", "李娜", "研发部/前端组", "13800000002", "lina@example.com", "前端组长", 50),
    ("wangfang", "王芳", "研发部/后端组", "13800000003", "wangfang@example.com", "工程师", 0),
    ("liuyang", "刘洋", "产品部", "13800000004", "liuyang@example.com", "产品经理", 0),
    ("chenjing", "陈静", "产品部", "", "chenjing@example.com", "设计师", 0),
    ("zhaolei", "赵磊", "市场部", "13800000006", "", "市场专员", 0),
    ("sunli", "孙丽", "市场部", "13800000007", "sunli@example.com", "市场经理", 20),
    ("zhouqiang", "周强", "研发部/后端组", "13800000008", "zhouqiang@example.com", "架构师", 30),
    ("wujing", "吴静", "行政部", "13800000009", "wujing@example.com", "行政主管", 0),
    ("zhengkai", "郑凯", "研发部/测试组", "13800000010", "", "测试工程师", 0),
)


# ---------------------------------------------------------------------------- the demo database
def demo_database(folder: Path) -> str:
    """A small organisation with something on every list: authorised, locked, resigned members."""
    from youdu_console.policy.login import LoginPolicy
    from youdu_console.services.access import AccessService
    from youdu_console.services.admins import AdminService
    from youdu_console.services.console import login, open_uow
    from youdu_console.services.directory import MemberRecord

    url = f"sqlite:///{folder / 'demo.db'}"
    uow = open_uow(url)
    try:
        AdminService(uow).add(None, DEMO_ADMIN[0], "super", DEMO_ADMIN[1])
        console = login(uow, *DEMO_ADMIN)
        d = console.directory
        for path in ("研发部/前端组", "研发部/后端组", "研发部/测试组", "产品部", "市场部", "行政部"):
            console.apply(d.plan_add_department(path, parents=True))
        records = [MemberRecord(account=a, name=n, departments=[p], mobile=m, email=e, position=pos, weight=w,
                                row=i) for i, (a, n, p, m, e, pos, w) in enumerate(DEMO_PEOPLE, 1)]
        console.apply(d.plan_upsert(records, kind="seed", description="演示数据：成员"))
        access = AccessService(uow, console.actor)
        console.apply(access.plan_authorization(["lina", "zhangwei", "sunli"], "grant"))
        console.apply(access.plan_authorization(["wujing"], "disable"))
        console.apply(d.plan_resign(["chenjing"]))
        for _ in range(5):
            LoginPolicy(uow).check_login("zhaolei", "wrong", "android", "203.0.113.9")
        # 我的企业 → 管理员: besides the super admin, a scoped one (研发部, 通讯录 only) and a helpdesk.
        console.admins.add(console.actor, "rd-lead", "scoped", "Demo#2026rd", ["研发部"], ["directory"])
        console.admins.add(console.actor, "servicedesk", "helpdesk", "Demo#2026desk")
        _demo_policy(console)
        _demo_apps(console)
        _demo_announcements(console)
    finally:
        uow.dispose()
    return url


def _demo_policy(console: Any) -> None:
    """Visibility rules and sensitive words, so 可见性设置 and 敏感信息保护 show something."""
    from youdu_console.services.visibility import Targets

    v = console.visibility
    console.apply(v.plan_add("隐藏行政部", "hide", Targets(("行政部",)), whitelist=Targets(members=("lina",))))
    console.apply(v.plan_add("市场部只看本部门", "restrict", Targets(("市场部",)),
                             extra=Targets(("产品部",), ("zhangwei",))))
    console.apply(v.plan_add("测试组禁止查看", "forbid", Targets(("研发部/测试组",))))
    console.apply(console.settings.plan_set({"sensitive.enabled": True, "sensitive.words": ["工资", "工资条", "ABC"]}))
def _demo_apps(console: Any) -> None:
    """企业应用: self-built apps beside the system ones, two portal templates, a message menu, the workbench."""
    made = {}
    for name, icon, intro in (("OA办公", "web", "公司办公自动化系统"), ("报销", "form", "差旅与费用报销"),
                              ("代码库", "task", "研发部的代码托管"), ("人事管理系统", "report", "人事系统的入口")):
        cs = console.apply(console.apps.plan_add(name, intro=intro, icon=icon,
                                                 homepage="https://oa.example.com/sso?ydtoken=$TOKEN$"))
        made[name] = cs.operations[0].key
    console.apply(console.apps.plan_update(
        made["OA办公"], service_mode=True, callback_url="https://oa.example.com/youdu/callback",
        auto_replies=[{"keyword": "帮助", "match": "exact", "reply": "回复“请假”或“报销”查看流程"},
                      {"keyword": r"请假\d+天", "match": "regex", "reply": "请假申请已收到"}],
        menus=[{"name": "办公", "items": [{"name": "待办", "type": "view", "url": "https://oa.example.com/todo"},
                                          {"name": "请假", "type": "click", "key": "LEAVE"}]},
               {"name": "帮助", "type": "click", "key": "HELP"}]))
    console.apply(console.portal.plan_add("全员门户", apps=[f"办公:{made['OA办公']}", f"办公:{made['报销']}",
                                                        "常用:sysFileAssistant", "常用:sysNoticeAssistant"],
                                          depts=["研发部", "产品部", "市场部", "行政部"]))
    console.apply(console.portal.plan_add("研发门户", apps=[f"研发:{made['代码库']}", f"办公:{made['OA办公']}"],
                                          depts=["研发部"], members=["liuyang"]))
    console.apply(console.menus.plan_add("message", "转发到 OA", url="https://oa.example.com/share",
                                         types=["text", "image", "file"]))
    console.apply(console.menus.plan_workbench(corp_name="有度科技"))


def _demo_announcements(console: Any) -> None:
    """通知公告: two categories, a pinned holiday notice some have read, one everyone has read."""
    from youdu_console.policy.announcements import record_read

    a = console.announcements
    for name in ("放假公告", "测试公告"):
        console.apply(a.plan_add_category(name))
    sent = {}
    for title, category, audience in (("测试公告", "测试公告", {"members": ["lina", "zhangwei"]}),
                                      ("产品周会纪要", None, {"departments": ["产品部"]}),
                                      ("关于端午节放假的通知", "放假公告", {"everyone": True})):
        cs = console.apply(a.plan_send(title, f"{title}：详见附件。", category=category, **audience))
        sent[title] = cs.operations[0].key
    console.apply(a.plan_pin(sent["关于端午节放假的通知"]))
    for account, title in (("lina", "测试公告"), ("zhangwei", "测试公告"), ("lina", "关于端午节放假的通知")):
        record_read(console.uow, account, sent[title], reporter=console.actor)


def _announcement_dialog(window: Any, read_status: bool = False) -> None:
    panel = window.show_panel("apps/notices")
    settle(window)
    if read_status:
        panel.view.selectRow(0)
        panel.show_read_status()
    else:
        panel.send()


def _app_service(window: Any, app: str = "OA办公") -> None:
    panel = window.show_panel("apps/apps")
    settle(window)
    panel.select_app(app)
    panel.tabs.setCurrentIndex(1)


def _portal_preview(window: Any, account: str = "lina") -> None:
    panel = window.show_panel("apps/portal")
    settle(window)
    panel.preview_account.setText(account)
    panel.preview()


def data_words(window: Any) -> set[str]:
    """What the window shows as data, not as words of its own: the administrator, the database's name,
    department names, members' accounts and names."""
    session = window.session
    words = {session.actor.name, session.display_name}
    for view in session.directory.list_departments():
        words.update(view.path.split("/"))
    for m in session.directory.list_members(None, recursive=True, status=None, limit=5000):
        words.update(x for x in (m.account, m.name, m.email, m.position) if x)
    console = session.console
    if session.can("apps.read"):  # 企业应用: app ids and names, templates, menus are data too
        for app in console.apps.list_apps():
            words.update((app.app_id, app.name))
        words.update(t.name for t in console.portal.list_templates())
        words.update(m.name for m in console.menus.list_menus())
    if session.can("admin.read"):  # 管理员: the administrators' names are data
        words.update(r["name"] for r in console.admins.list(session.actor))
    if session.can("announcements.read"):  # 通知公告: titles, categories and senders are data
        for n in console.announcements.list_announcements():
            words.update((n.title, n.category, n.sender))
        words.update(c.name for c in console.announcements.categories())
    return {w for w in words if w}


# ---------------------------------------------------------------------------- waiting for the window
def wait_until(condition: Callable[[], Any], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {condition}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def settle(window: Any) -> None:
    for _ in range(3):
        QApplication.processEvents()
        window.runner.wait_for_done()
        QApplication.processEvents()
    departments = getattr(window.panels.get("directory/members"), "departments", None)
    if departments is not None and departments.isVisible():
        wait_until(lambda: not departments.loading)


def _dialogs() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog)}


# ---------------------------------------------------------------------------- the stops of the tour
@dataclass(frozen=True)
class Stop:
    name: str
    open: Callable[[Any], None]  # shows a panel, or opens one dialog (found as the new visible dialog)
    dialog: bool = True


def _directory(window: Any, path: str = "研发部/前端组") -> Any:
    panel = window.show_panel("directory/members")
    settle(window)
    wait_until(lambda: panel.departments.snapshot.views)
    panel.departments.select_path(path)
    settle(window)
    return panel


def _select(window: Any, accounts: Iterable[str], path: str = "研发部/前端组") -> Any:
    panel = _directory(window, path)
    pane = panel.members
    wanted = set(accounts)
    flags = pane.view.selectionModel().SelectionFlag
    pane.view.clearSelection()
    for i, row in enumerate(pane.model.rows):
        if row.account in wanted:
            pane.view.selectionModel().select(pane.model.index(i, 0), flags.Select | flags.Rows)
    return pane


def _unsaved_settings(window: Any) -> None:
    page = window.show_panel("enterprise/licence")
    settle(window)
    seats = next(s for s in page.settings if s.key == "licence.seat_limit")
    page.set_value(seats.key, int(page.value_of(seats)) + 1)
    window.show_panel("enterprise/security")


def _connection(window: Any) -> None:
    from youdu_console.gui.dialogs.connection import ConnectionDialog

    dialog = ConnectionDialog(window.runner, window)
    dialog.show()


def _login(window: Any) -> None:
    from youdu_console.gui.dialogs.login import LoginDialog

    dialog = LoginDialog(window.runner, window.session.uow, window.session.url, window, name=window.session.actor.name)
    dialog.show()


def _dat_password(window: Any) -> None:
    from youdu_console.gui.dialogs.dat_password import DatPasswordDialog

    DatPasswordDialog(window, export=True).show()


def _file_dialog(window: Any) -> None:
    panel = window.show_panel("tools/backup")
    settle(window)
    panel.buttons["import_excel"].click()


def _admins(window: Any, name: str = "") -> Any:
    """The 管理员 page with `name` selected — on a database without it (not the demo's), another administrator,
    else the acting one."""
    panel = window.show_panel("enterprise/admins")
    if name:
        names = [r["name"] for r in panel.model.rows]
        others = [n for n in names if n != window.session.actor.name]
        panel.select_admin(name if name in names else (others or names)[0])
    return panel


def _other_admins(window: Any) -> bool:
    return any(r["name"] != window.session.actor.name for r in window.session.console.admins.list(window.session.actor))


def _see_as(window: Any) -> None:
    panel = window.show_panel("enterprise/visibility")
    settle(window)
    panel.see_as_member("sunli")


def _rule_dialog(window: Any) -> None:
    panel = window.show_panel("enterprise/visibility")
    settle(window)
    panel.tabs.setCurrentIndex(0)
    if panel.rules.model.rowCount():  # the demo database's first rule; a new one where there is none
        panel.rules.view.selectRow(0)
        panel.rules.edit_rule()
    else:
        panel.rules.add_rule()


def _sensitive_test(window: Any) -> None:
    page = window.show_panel("enterprise/sensitive")
    settle(window)
    page.test_input.setPlainText("本月工资条和ａｂｃ奖金")


def stops(window: Any) -> list[Stop]:
    """Every panel this administrator has, then every dialog the window opens (those that need no server)."""
    out = [Stop(f"panel-{slug.replace('/', '-')}", lambda w, slug=slug: w.show_panel(slug), dialog=False)
           for slug in window.panels]
    for i, stop in enumerate(out):
        if stop.name == "panel-directory-members":  # a department with members in it
            out[i] = Stop(stop.name, lambda w: _directory(w), dialog=False)
    if "apps/portal" in window.panels:
        out.append(Stop("panel-apps-portal-preview", _portal_preview, dialog=False))  # "see the portal as X"
        out.append(Stop("panel-apps-service", _app_service, dialog=False))  # the editor's service-account page
    dialogs = [
        Stop("dialog-about", lambda w: w.about()),
        Stop("dialog-add-department", lambda w: _directory(w).departments.add_action.trigger()),
        Stop("dialog-rename-department", lambda w: _directory(w).departments.rename_action.trigger()),
        Stop("dialog-new-member", lambda w: _directory(w).members.add_action.trigger()),
        Stop("dialog-edit-member", lambda w: _select(w, ["lina"]).edit_action.trigger()),
        Stop("dialog-move-members", lambda w: _select(w, ["lina", "zhangwei"]).move_action.trigger()),
        Stop("dialog-confidential", lambda w: _select(w, ["lina"]).confidential_action.trigger()),
        Stop("dialog-reset-password", lambda w: _select(w, ["lina"]).password_action.trigger()),
        Stop("dialog-preview-resign", lambda w: _select(w, ["zhangwei"]).resign_action.trigger()),
        Stop("dialog-error", lambda w: _directory(w, "研发部").departments.delete_action.trigger()),
        Stop("dialog-unsaved-settings", _unsaved_settings),
        Stop("dialog-file", _file_dialog),
        Stop("dialog-dat-password", _dat_password),
        Stop("dialog-connection", _connection),
        Stop("dialog-login", _login),
        Stop("panel-enterprise-visibility-see-as", _see_as, dialog=False),
        Stop("panel-enterprise-sensitive-test", _sensitive_test, dialog=False),
        Stop("dialog-visibility-rule", _rule_dialog),
        Stop("dialog-add-admin", lambda w: _admins(w).add_button.click()),
        Stop("dialog-change-admin", lambda w: _admins(w, "rd-lead").edit_button.click()),
        Stop("dialog-admin-password", lambda w: _admins(w, "servicedesk").password_button.click()),
        Stop("dialog-preview-remove-admin", lambda w: _admins(w, "servicedesk").remove_button.click()),
        Stop("dialog-send-announcement", lambda w: _announcement_dialog(w)),
        Stop("dialog-announcement-read-status", lambda w: _announcement_dialog(w, read_status=True)),
    ]
    return out + [s for s in dialogs if _available(window, s.name)]


def _available(window: Any, name: str) -> bool:
    needs = {"dialog-unsaved-settings": "enterprise/licence", "dialog-file": "tools/backup",
             "panel-enterprise-visibility-see-as": "enterprise/visibility",
             "dialog-visibility-rule": "enterprise/visibility", "panel-enterprise-sensitive-test": "enterprise/sensitive",
             "dialog-send-announcement": "apps/notices", "dialog-announcement-read-status": "apps/notices",
             "dialog-add-admin": "enterprise/admins", "dialog-change-admin": "enterprise/admins",
             "dialog-admin-password": "enterprise/admins", "dialog-preview-remove-admin": "enterprise/admins"}
    if name.startswith(("dialog-add-admin", "dialog-change-admin", "dialog-admin-password", "dialog-preview-remove")):
        may = "enterprise/admins" in window.panels and window.session.can("admin.manage")
        # Removal is not offered for yourself: the stop needs another administrator.
        return may and (name != "dialog-preview-remove-admin" or _other_admins(window))
    if name == "dialog-announcement-read-status" and "apps/notices" in window.panels:
        return bool(window.session.console.announcements.list_announcements())  # it shows the first one's
    return needs.get(name, "directory/members") in window.panels


def _close(dialog: QWidget) -> None:
    if isinstance(dialog, QMessageBox) and dialog.objectName() == "unsaved_changes_box":
        dialog.button(QMessageBox.StandardButton.Discard).click()
    elif isinstance(dialog, QDialog):
        dialog.reject()
    dialog.close()


def visit(window: Any, stop: Stop) -> QWidget:
    """Open a stop; returns what to photograph (the window, or the dialog it opened)."""
    before = _dialogs()
    stop.open(window)
    settle(window)
    if not stop.dialog:
        return window
    wait_until(lambda: _dialogs() - before, timeout=20)
    new = sorted(_dialogs() - before, key=lambda d: isinstance(d, QMessageBox))
    dialog = new[-1]
    if isinstance(dialog, QFileDialog):
        wait_until(lambda: dialog.isVisible())
    QApplication.processEvents()
    return dialog


def leave(window: Any, target: QWidget) -> None:
    if target is not window:
        _close(target)
        for leftover in _dialogs():
            _close(leftover)
    if window.preview_dialog is not None:
        window.preview_dialog.reject()
    settle(window)


# ---------------------------------------------------------------------------- one process: one scale
def run_variant(url: str, admin: str, password: str, out_dir: Path, variant: str, *,
                langs: Iterable[str] = LANGS, schemes: Iterable[str] = SCHEMES, only: Iterable[str] = ()) -> dict[str, Any]:
    """Photograph the tour in this process (whose QT_SCALE_FACTOR is the variant's); returns a report."""
    from youdu_console.gui.app import application
    from youdu_console.gui.appearance import Appearance
    from youdu_console.gui.connect import open_connection
    from youdu_console.gui.dialogs.login import log_in
    from youdu_console.gui.i18n import Language
    from youdu_console.gui.jobs import JobRunner
    from youdu_console.gui.main_window import MainWindow

    app = application()
    language = Language(app)
    language.use("zh_CN")
    appearance = Appearance.of(app)
    runner = JobRunner(app)
    opened = open_connection(url)
    _scale, size = VARIANTS[variant]
    report: dict[str, Any] = {"files": [], "english": []}
    try:
        window = MainWindow(log_in(opened.uow, url, admin, password), runner, language)
        window.remember_geometry = False
        window.resize(size)
        window.show()
        settle(window)
        data = data_words(window)
        tour = [s for s in stops(window) if not only or s.name in set(only)]
        for lang in langs:
            language.use(lang)
            for scheme in schemes:
                appearance.use(scheme)
                folder = out_dir / variant / f"{lang}-{scheme}"
                folder.mkdir(parents=True, exist_ok=True)
                for i, stop in enumerate(tour):
                    target = visit(window, stop)
                    path = folder / f"{i:02d}-{stop.name}.png"
                    if not target.grab().save(str(path), "PNG"):
                        raise OSError(f"cannot write {path}")
                    report["files"].append(str(path))
                    if lang == "zh_CN":
                        report["english"] += [{"where": f"{stop.name}: {w}", "text": t}
                                              for w, t in english_in(target, data)]
                    leave(window, target)
        window.close()
        settle(window)
    finally:
        runner.wait_for_done()
        opened.uow.dispose()
    return report


# ---------------------------------------------------------------------------- the command
def run(out_dir: str, *, url: str | None = None, admin: str | None = None, password: str | None = None,
        variants: Iterable[str] = tuple(VARIANTS), langs: Iterable[str] = LANGS, schemes: Iterable[str] = SCHEMES,
        only: Iterable[str] = ()) -> int:
    """`gui --screenshots DIR`: one subprocess per scale; prints the summary; exit 1 when English is left."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="youdu-screenshots-") as tmp:
        if url is None:
            url, (admin, password) = demo_database(Path(tmp)), DEMO_ADMIN
        elif not admin or password is None:
            from youdu_console.domain.errors import AuthenticationError

            raise AuthenticationError("login_required")
        files: list[str] = []
        english: list[dict[str, str]] = []
        for variant in variants:
            scale, _size = VARIANTS[variant]
            shutil.rmtree(out / variant, ignore_errors=True)  # last run's pictures of this size, not mixed in
            env = {**os.environ, "QT_SCALE_FACTOR": str(scale), "QT_QPA_PLATFORM": os.environ.get(
                "QT_QPA_PLATFORM", "offscreen"), "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
                   "YOUDU_SCREENSHOT_JOB": json.dumps({"url": url, "admin": admin, "password": password,
                                                       "out": str(out), "variant": variant, "langs": list(langs),
                                                       "schemes": list(schemes), "only": list(only)})}
            done = subprocess.run([sys.executable, "-m", "youdu_console.gui.screenshots"], env=env,
                                  capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                sys.stderr.write(done.stderr[-4000:])
                return done.returncode or 1
            report = json.loads(done.stdout.strip().splitlines()[-1])
            files += report["files"]
            english += report["english"]
    lines = sorted({f"{e['where']}\t{e['text']}" for e in english})
    (out / "english-in-zh_CN.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    (out / "index.txt").write_text("".join(f"{Path(f).relative_to(out)}\n" for f in files), encoding="utf-8")
    print(f"screenshots: {len(files)} files in {out}; English left in zh_CN: {len(lines)} "
          f"(see {out / 'english-in-zh_CN.txt'})")
    return 1 if lines else 0


def _child() -> int:
    job = json.loads(os.environ["YOUDU_SCREENSHOT_JOB"])
    report = run_variant(job["url"], job["admin"], job["password"], Path(job["out"]), job["variant"],
                         langs=job["langs"], schemes=job["schemes"], only=job["only"])
    sys.stdout.write("\n" + json.dumps(report, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(_child())
