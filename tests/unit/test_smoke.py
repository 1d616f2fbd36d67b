"""`youdu-console --smoke-test` on the source tree, in a subprocess as a user would start it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.fixtures.core import bootstrap

REPO = Path(__file__).resolve().parents[2]
OK_LINE = re.compile(r"^smoke-test ok: panels=(?P<panels>\d+) change=#(?P<change>\d+) undone=#(?P<undone>\d+) "
                     r"db=sqlite modules=(?P<modules>\d+) dialects=3 keyring=\S+ lang=(?P<lang>zh_CN|en) "
                     r"frozen=(?P<frozen>yes|no)( screenshot=(?P<screenshot>\S+))?$")


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No display and no platform choice (the smoke test must pick offscreen itself); private temp dirs."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "YOUDU_DB", "YOUDU_ADMIN",
                        "YOUDU_ADMIN_PASSWORD", "YOUDU_SMOKE_SCREENSHOT")}
    for name in ("tmp", "config", "data"):
        (tmp_path / name).mkdir(exist_ok=True)
    env.update(TMPDIR=str(tmp_path / "tmp"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(REPO), **extra)
    return env


def run_smoke(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "youdu_console", "--smoke-test"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=240)


def expected_panels(url: str) -> int:
    """Panels the window builds for a super administrator, counted from the registry directly."""
    from youdu_console.gui.panels.registry import load_all
    from youdu_console.gui.session import Session

    console = bootstrap(url)
    try:
        session = Session(url, console)
        return sum(1 for spec in load_all().values() if spec.available(session))
    finally:
        console.uow.dispose()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_smoke_test_opens_every_panel_applies_and_undoes_one_change(tmp_path: Path, sqlite_url: str) -> None:
    shot = tmp_path / "shots" / "smoke.png"
    result = run_smoke(clean_env(tmp_path, YOUDU_SMOKE_SCREENSHOT=str(shot)))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = OK_LINE.match(lines[0])
    assert match, lines[0]
    assert int(match["panels"]) == expected_panels(sqlite_url)
    assert int(match["undone"]) > int(match["change"])
    assert int(match["modules"]) >= 50
    assert match["frozen"] == "no"
    assert match["lang"] == "en"  # YOUDU_LANG=en in the test run
    assert match["screenshot"] == str(shot.resolve())
    width, height = png_size(shot)
    assert (width, height) == (1280, 800)
    assert shot.stat().st_size > 10_000  # a rendered window, not an empty image


def test_smoke_test_in_chinese_leaves_nothing_behind(tmp_path: Path) -> None:
    """Its database, preferences and template live in a temp dir that is removed; the user's config is untouched."""
    result = run_smoke(clean_env(tmp_path, YOUDU_LANG="zh_CN"))
    assert result.returncode == 0, result.stdout + result.stderr
    match = OK_LINE.match(result.stdout.strip())
    assert match and match["lang"] == "zh_CN", result.stdout
    assert list((tmp_path / "tmp").iterdir()) == []
    assert list((tmp_path / "config").rglob("*")) == []


def test_a_failing_check_prints_one_line_with_the_step_and_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the screenshot's folder should be")
    result = run_smoke(clean_env(tmp_path, YOUDU_SMOKE_SCREENSHOT=str(blocker / "shot.png")))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("smoke-test FAILED at screenshot: "), lines[0]
    assert list((tmp_path / "tmp").iterdir()) == []  # cleaned up on failure too


def test_an_unloadable_keyring_backend_is_named(tmp_path: Path) -> None:
    backend = "no_such_module.Keyring"
    result = run_smoke(clean_env(tmp_path, PYTHON_KEYRING_BACKEND=backend))
    assert result.returncode == 1
    assert result.stdout.strip().startswith(f"smoke-test FAILED at keyring: keyring backend '{backend}'"), \
        result.stdout
