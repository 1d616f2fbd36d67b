"""The Linux desktop bundle: packaging/build-linux builds the tarball, and what ships runs, renders Chinese text.

The build takes about a minute on two cores, so one module-scoped build serves every test here.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
SIZE_BUDGET_MB = 200
SMOKE_OK = re.compile(r"^smoke-test ok: panels=(\d+) change=#(\d+) undone=#(\d+) db=sqlite modules=(\d+) "
                      r"dialects=3 keyring=\S+ lang=(zh_CN|en) frozen=yes( screenshot=\S+)?$")
BUNDLE_LINE = re.compile(r"^bundle: (\S+) size=(\d+) MB unpacked, (\d+) MB tar.gz$")

pytestmark = pytest.mark.timeout(900)


@dataclass
class Bundle:
    tarball: Path
    root: Path  # the unpacked youdu-console-VERSION folder
    build_output: str
    unpacked_mb: int

    @property
    def exe(self) -> Path:
        return self.root / "youdu-console"


def user_env(tmp: Path, **extra: str) -> dict[str, str]:
    """How a user runs the bundle: none of the test run's Python, keyring or database settings."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHON_KEYRING_BACKEND", "YOUDU_DB", "YOUDU_ADMIN",
            "YOUDU_ADMIN_PASSWORD", "YOUDU_SMOKE_SCREENSHOT", "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    for name in ("config", "data", "tmp"):
        (tmp / name).mkdir(parents=True, exist_ok=True)
    env.update(XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"), TMPDIR=str(tmp / "tmp"),
               **extra)
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundle]:
    work = tmp_path_factory.mktemp("bundle")
    env = user_env(work, BUILD_DIR=str(work / "build"), DIST_DIR=str(work / "dist"),
                   YOUDU_BUILD_PYTHON=sys.executable)
    result = subprocess.run(["bash", str(REPO / "packaging" / "build-linux")], env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"build-linux failed:\n{result.stdout}\n{result.stderr[-6000:]}"
    last = result.stdout.strip().splitlines()[-1]
    match = BUNDLE_LINE.match(last)
    assert match, result.stdout
    tarball = Path(match[1])
    print(f"\n{last}")
    unpacked = work / "unpacked"
    unpacked.mkdir()
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="tar")
    (root,) = unpacked.iterdir()
    yield Bundle(tarball, root, result.stdout, int(match[2]))
    shutil.rmtree(work, ignore_errors=True)  # ~650 MB: PyInstaller's work files, the bundle twice, the tarball


def run(bundle: Bundle, tmp: Path, *args: str, input: str | None = None,
        **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle.exe), *args], env=user_env(tmp, **env), input=input, capture_output=True,
                          text=True, timeout=180, cwd=tmp)


def png_info(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct colours): a real rendering has many, a blank or failed one very few."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} does not load as an image"
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    return image.width(), image.height(), len(colours)


def test_build_linux_names_the_tarball_by_version_and_smoke_tests_it(bundle: Bundle) -> None:
    from youdu_console import __version__

    assert bundle.tarball.name == f"youdu-console-{__version__}-linux-{os.uname().machine}.tar.gz"
    assert bundle.root.name == f"youdu-console-{__version__}"
    smoke = [line for line in bundle.build_output.splitlines() if line.startswith("smoke-test")]
    assert len(smoke) == 1 and SMOKE_OK.match(smoke[0]), bundle.build_output


def test_the_bundle_fits_the_size_budget(bundle: Bundle) -> None:
    measured = sum(p.stat().st_size for p in bundle.root.rglob("*") if p.is_file() and not p.is_symlink())
    mb = measured / 1048576
    print(f"\nunpacked bundle: {mb:.1f} MB (budget {SIZE_BUDGET_MB} MB); tarball "
          f"{bundle.tarball.stat().st_size / 1048576:.1f} MB")
    assert mb < SIZE_BUDGET_MB
    assert abs(mb - bundle.unpacked_mb) < 5  # build-linux reports the same size (du rounds up per block)


def test_the_tarball_carries_the_menu_entry_icons_migrations_and_resources(bundle: Bundle) -> None:
    root = bundle.root
    assert os.access(root / "youdu-console", os.X_OK)
    assert os.access(root / "install.sh", os.X_OK)
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(root / "youdu-console.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "有度管理控制台" and desktop["Name[en]"] == "Youdu Console"
    assert desktop["Exec"] == "youdu-console" and desktop["Icon"] == "youdu-console"
    for size in (16, 32, 48, 128, 256, 512):
        width, height, _ = png_info(root / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "youdu-console.png")
        assert (width, height) == (size, size)
    assert (root / "icons" / "hicolor" / "scalable" / "apps" / "youdu-console.svg").is_file()
    internal = root / "_internal" / "youdu_console"
    for source in (REPO / "youdu_console" / "store" / "migrations").rglob("*"):
        if source.is_file() and "__pycache__" not in source.parts:
            rel = source.relative_to(REPO / "youdu_console")
            assert (internal / rel).read_bytes() == source.read_bytes(), rel
    for source in (REPO / "youdu_console" / "resources").rglob("*"):
        if source.is_file() and source.suffix != ".ts":
            assert (internal / source.relative_to(REPO / "youdu_console")).is_file(), source
    # No WebEngine, QML or other Qt module the console does not use.
    names = {p.name for p in (root / "_internal").rglob("*")}
    assert not any(n.startswith(("libQt6WebEngine", "libQt6Quick", "libQt6Qml", "libQt6Pdf", "libQt63D",
                                 "libQt6Multimedia", "libqgtk3")) for n in names)


def test_every_bundled_library_finds_its_dependencies(bundle: Bundle) -> None:
    """A library the spec dropped must not be needed by one it kept (else a plugin silently fails to load).

    Wayland's client libraries are the exception: a Wayland desktop always has them, this machine need not.
    """
    internal = bundle.root / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    missing: dict[str, set[str]] = {}
    for lib in internal.rglob("*.so*"):
        if not lib.is_file() or lib.is_symlink():
            continue
        out = subprocess.run(["ldd", str(lib)], env=env, capture_output=True, text=True).stdout
        for line in out.splitlines():
            name = line.split("=>")[0].strip()
            if "not found" in line and not name.startswith("libwayland-"):
                missing.setdefault(str(lib.relative_to(internal)), set()).add(name)
    assert missing == {}


def test_the_bundled_smoke_test_renders_chinese_text(bundle: Bundle, tmp_path: Path) -> None:
    shot = tmp_path / "bundle-screenshot.png"
    result = run(bundle, tmp_path, "--smoke-test", YOUDU_SMOKE_SCREENSHOT=str(shot), YOUDU_LANG="zh_CN")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and SMOKE_OK.match(lines[0]), result.stdout
    assert " lang=zh_CN " in lines[0]  # and the translation shipped: the smoke test checks the tabs read Chinese
    width, height, colours = png_info(shot)
    assert (width, height) == (1280, 800)
    assert colours > 20 and shot.stat().st_size > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "bundle-screenshot.png")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_bundled_cli_and_window_work_on_a_database_of_their_own(bundle: Bundle, tmp_path: Path) -> None:
    db = {"YOUDU_DB": f"sqlite:///{tmp_path / 'office.db'}"}
    admin = {**db, "YOUDU_ADMIN": "root", "YOUDU_ADMIN_PASSWORD": "Secret#123"}
    steps = [
        (("admin", "add", "root", "--role", "super", "--password-stdin"), "Secret#123\n", db),
        (("dept", "add", "研发部/前端组", "--parents"), None, admin),
        (("member", "add", "zw", "--name", "张伟", "--dept", "研发部/前端组"), None, admin),
    ]
    for args, stdin, env in steps:
        result = run(bundle, tmp_path, *args, input=stdin, **env)
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    listed = run(bundle, tmp_path, "--json", "member", "list", "--dept", "研发部/前端组", **admin)
    assert listed.returncode == 0, listed.stderr
    assert "张伟" in listed.stdout
    shot = tmp_path / "gui.png"
    window = run(bundle, tmp_path, "--lang", "zh_CN", "gui", "--screenshot", str(shot), "--panel",
                 "directory/members", **admin)
    assert window.returncode == 0, window.stdout + window.stderr
    width, height, colours = png_info(shot)
    assert width >= 800 and height >= 600 and colours > 20
    shutil.copyfile(shot, ARTIFACTS / "bundle-gui-screenshot.png")
    version = run(bundle, tmp_path, "--version")
    from youdu_console import __version__

    assert version.stdout.strip() == f"youdu-console {__version__}"


def test_the_bundle_runs_on_a_real_x_server(bundle: Bundle, tmp_path: Path) -> None:
    """Xvfb: the xcb platform plugin and the libraries it needs are in the bundle or on a desktop."""
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run is missing: scripts/install-system-deps xcb installs it"
    result = subprocess.run([xvfb_run, "-a", str(bundle.exe), "--smoke-test"],
                            env=user_env(tmp_path, QT_QPA_PLATFORM="xcb"), capture_output=True, text=True,
                            timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert SMOKE_OK.match(result.stdout.strip()), result.stdout


def test_install_sh_adds_and_removes_the_menu_entry(bundle: Bundle, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "XDG_DATA_HOME": str(home / ".local" / "share")}
    subprocess.run(["sh", str(bundle.root / "install.sh")], env=env, check=True, capture_output=True)
    entry = home / ".local" / "share" / "applications" / "youdu-console.desktop"
    assert f'Exec="{bundle.exe}"' in entry.read_text(encoding="utf-8")
    assert (home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "youdu-console.png").is_file()
    assert (home / ".local" / "bin" / "youdu-console").resolve() == bundle.exe.resolve()
    subprocess.run(["sh", str(bundle.root / "install.sh"), "--uninstall"], env=env, check=True,
                   capture_output=True)
    assert not entry.exists() and not (home / ".local" / "bin" / "youdu-console").exists()
