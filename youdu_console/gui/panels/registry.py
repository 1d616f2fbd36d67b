"""The panel registry: each page registers under the manual's menu path, and the window is built from it.

A new page is one new module in this package that calls `register(...)`; the window lists the manual's
top-level menus in order and shows a menu only when at least one of its panels works for the session.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from youdu_console.gui.i18n import translate
from youdu_console.gui.session import Session

if TYPE_CHECKING:
    from youdu_console.gui.panels.base import Panel


# The manual's top-level menus (首页 … 我的企业), in its order: (menu path, slug, English source title).
TOP_LEVEL: tuple[tuple[str, str, str], ...] = (
    ("首页", "home", QT_TRANSLATE_NOOP("Panels", "Home")),
    ("通讯录", "directory", QT_TRANSLATE_NOOP("Panels", "Address book")),
    ("群管理", "groups", QT_TRANSLATE_NOOP("Panels", "Groups")),
    ("企业应用", "apps", QT_TRANSLATE_NOOP("Panels", "Enterprise apps")),
    ("管理工具", "tools", QT_TRANSLATE_NOOP("Panels", "Management tools")),
    ("我的企业", "enterprise", QT_TRANSLATE_NOOP("Panels", "My enterprise")),
)


@dataclass(frozen=True)
class PanelSpec:
    path: str  # the manual's menu path, e.g. "通讯录/锁定名单"
    slug: str  # stable name for --panel and object names, e.g. "directory/lockout"
    title: str  # English source text, translated in the "Panels" context (or by `title_fn`)
    order: int
    factory: Callable[[Any], Panel]  # called with the host window
    available: Callable[[Session], bool]
    title_fn: Callable[[], str] | None = None
    # Panels are built when first shown; one with work of its own while the window is open (the LDAP schedule)
    # says here when it must be built as soon as the window shows instead.
    build_at_start: Callable[[Session], bool] | None = None

    @property
    def top(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def sub(self) -> str:
        return self.path.split("/", 1)[1] if "/" in self.path else self.path

    def display_title(self) -> str:
        return self.title_fn() if self.title_fn else translate("Panels", self.title)


_PANELS: dict[str, PanelSpec] = {}


def register(spec: PanelSpec) -> PanelSpec:
    if spec.top not in {t[0] for t in TOP_LEVEL}:
        raise ValueError(f"{spec.path}: not under one of the manual's top-level menus")
    _PANELS[spec.path] = spec
    return spec


def load_all() -> dict[str, PanelSpec]:
    """Import every module of this package once, so each registers its panels."""
    package = importlib.import_module(__package__ or "youdu_console.gui.panels")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("registry", "base"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    return dict(_PANELS)


def panels_for(session: Session) -> list[tuple[tuple[str, str, str], list[PanelSpec]]]:
    """The top-level menus that have at least one working panel for this session, with those panels."""
    specs = load_all()
    out = []
    for top in TOP_LEVEL:
        mine = sorted((s for s in specs.values() if s.top == top[0] and s.available(session)),
                      key=lambda s: (s.order, s.path))
        if mine:
            out.append((top, mine))
    return out


def top_title(slug: str) -> str:
    for _path, s, title in TOP_LEVEL:
        if s == slug:
            return translate("Panels", title)
    return slug


def find(name: str, specs: list[PanelSpec]) -> PanelSpec | None:
    """--panel NAME: a slug (directory/lockout), a manual path (通讯录/锁定名单) or the last part of either."""
    for spec in specs:
        if name in (spec.slug, spec.path):
            return spec
    for spec in specs:
        if name in (spec.slug.rsplit("/", 1)[-1], spec.sub, spec.top) or name == spec.slug.split("/", 1)[0]:
            return spec
    return None
