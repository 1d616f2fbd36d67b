"""`youdu-console gui --screenshot PNG [--panel NAME]` run as a real subprocess; the PNGs go to artifacts/.

CI keeps artifacts/; the Chinese screenshots need a CJK font (fonts-wqy-microhei, installed by
scripts/install-system-deps) or every label would be boxes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QFontDatabase, QImage

from tests.fixtures.core import ROOT
from tests.gui.support import ARTIFACTS, GUI_MARKS, open_console
from youdu_console.policy.login import LoginPolicy
from youdu_console.services.access import AccessService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _run(url: str, *args: str, tmp_path: Path, admin: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "YOUDU_DB": url, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    env.pop("YOUDU_LANG", None)
    if admin:
        env.update(YOUDU_ADMIN=ROOT[0], YOUDU_ADMIN_PASSWORD=ROOT[1])
    return subprocess.run([sys.executable, "-m", "youdu_console", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def _activity(url: str) -> None:
    """Something to look at: one account locked by wrong passwords, two authorised, one resigned."""
    console = open_console(url)
    try:
        for _ in range(5):
            LoginPolicy(console.uow).check_login("zhaolei", "wrong", "android", "203.0.113.9")
        access = AccessService(console.uow, console.actor)
        console.apply(access.plan_authorization(["lina", "zhangwei"], "grant"))
        console.apply(console.directory.plan_resign(["chenjing"]))
    finally:
        console.uow.dispose()


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    colours = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            colours.add(QColor(image.pixel(x, y)).rgb())
    return len(colours)


def test_a_cjk_font_is_installed(qapp: Any) -> None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, "no Simplified Chinese font: apt-get install fonts-wqy-microhei"


@pytest.mark.parametrize(("panel", "lang"), [
    ("directory/members", "zh_CN"), ("home", "zh_CN"), ("directory/lockout", "zh_CN"),
    ("enterprise/security", "zh_CN"), ("tools/history", "zh_CN"), ("directory/members", "en"),
    ("群管理", "zh_CN"), ("groups", "en"), ("enterprise/advanced", "zh_CN"), ("enterprise/directory", "en"),
    ("apps/apps", "zh_CN"), ("apps/apps", "en"), ("tools/sysmsg", "zh_CN"), ("apps/notices", "zh_CN"),
])
def test_screenshot_of_a_panel(gui_org_url: str, tmp_path: Path, panel: str, lang: str) -> None:
    out = ARTIFACTS / f"gui-{panel.replace('/', '-')}-{lang}.png"
    out.unlink(missing_ok=True)
    _activity(gui_org_url)
    done = _run(gui_org_url, "--lang", lang, "gui", "--screenshot", str(out), "--panel", panel, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert _distinct_colours(out) > 8  # a rendered window, not an empty canvas


def test_screenshot_of_an_empty_database_is_the_first_run_step(tmp_path: Path) -> None:
    out = ARTIFACTS / "gui-first-run-zh_CN.png"
    out.unlink(missing_ok=True)
    done = _run(f"sqlite:///{tmp_path / 'empty.db'}", "--lang", "zh_CN", "gui", "--screenshot", str(out),
                tmp_path=tmp_path, admin=False)
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).width() > 300 and _distinct_colours(out) > 4


def test_unknown_panel_is_a_usage_error(gui_org_url: str, tmp_path: Path) -> None:
    done = _run(gui_org_url, "--json", "gui", "--screenshot", str(tmp_path / "x.png"), "--panel", "nowhere",
                tmp_path=tmp_path)
    assert done.returncode == 2
    assert '"code": "usage"' in done.stdout and "directory/lockout" in done.stdout
    assert not (tmp_path / "x.png").exists()


def test_screenshot_needs_a_login(gui_org_url: str, tmp_path: Path) -> None:
    done = _run(gui_org_url, "--json", "gui", "--screenshot", str(tmp_path / "x.png"), tmp_path=tmp_path, admin=False)
    assert done.returncode == 1 and '"code": "login_required"' in done.stdout


def _image(path: Path) -> QImage:
    image = QImage(str(path))
    assert not image.isNull(), path
    return image


def test_screenshots_of_every_tab_and_dialog(tmp_path: Path) -> None:
    """`gui --screenshots DIR` on its demo database: 1280×800 in full, 1920×1080 at 200 % sampled."""
    out = ARTIFACTS / "screenshots"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    for name in ("YOUDU_DB", "YOUDU_LANG", "YOUDU_ADMIN", "YOUDU_ADMIN_PASSWORD"):
        env.pop(name, None)
    full = subprocess.run([sys.executable, "-m", "youdu_console", "gui", "--screenshots", str(out),
                           "--variants", "1280x800"], env=env, capture_output=True, text=True, timeout=600)
    assert full.returncode == 0, full.stdout + full.stderr[-3000:]
    assert (out / "english-in-zh_CN.txt").read_text(encoding="utf-8") == ""  # no English left in zh_CN
    sample = subprocess.run([sys.executable, "-m", "youdu_console", "gui", "--screenshots", str(out),
                             "--variants", "1920x1080@2x", "--only", "panel-home,panel-enterprise-security,"
                             "dialog-edit-member,dialog-unsaved-settings"],
                            env=env, capture_output=True, text=True, timeout=600)
    assert sample.returncode == 0, sample.stdout + sample.stderr[-3000:]
    small = out / "1280x800"
    stops = sorted(p.name for p in (small / "zh_CN-light").glob("*.png"))
    assert len(stops) >= 25 and any("dialog-file" in s for s in stops) and any("panel-tools-ldap" in s for s in stops)
    for variant in ("zh_CN-light", "zh_CN-dark", "en-light", "en-dark"):
        assert sorted(p.name for p in (small / variant).glob("*.png")) == stops
    for stop in stops:
        images = {v: _image(small / v / stop) for v in ("zh_CN-light", "zh_CN-dark", "en-light", "en-dark")}
        assert all(_distinct_colours(small / v / stop) > 4 for v in images), stop  # rendered, not blank
        assert images["zh_CN-light"] != images["zh_CN-dark"], stop  # the palette changed
        if "panel-" in stop:
            assert (images["zh_CN-light"].width(), images["zh_CN-light"].height()) == (1280, 800)
            assert images["zh_CN-light"] != images["en-light"], stop  # the language changed
    dark = _image(small / "zh_CN-dark" / stops[0])
    assert QColor(dark.pixel(dark.width() // 2, dark.height() - 40)).lightness() < 100
    big = out / "1920x1080@2x" / "zh_CN-light"
    home = _image(next(big.glob("*-panel-home.png")))
    assert (home.width(), home.height()) == (1920, 1080) and home.devicePixelRatio() in (1.0, 2.0)
    assert len(list((out / "1920x1080@2x").rglob("*.png"))) == 16
