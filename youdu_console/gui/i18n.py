"""The window's language: Qt translators for our strings and Qt's own, switched live from the menu."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QGuiApplication

from youdu_console import APP_NAME_EN, APP_NAME_ZH
from youdu_console.domain.errors import YouduError
from youdu_console.domain.messages import default_lang
from youdu_console.gui.prefs import preferences
from youdu_console.gui.resources import translations_dir

log = logging.getLogger("youdu.gui.i18n")

LANGUAGES = ("zh_CN", "en")
SYSTEM = "system"
TRANSLATIONS = translations_dir()
_current = "zh_CN"


def current_lang() -> str:
    """The language the window speaks now (zh_CN or en); coded errors are rendered in it."""
    return _current


def system_language() -> str:
    """zh_CN unless the environment clearly asks for English (the same rule as the CLI)."""
    return default_lang()


def resolve(choice: str | None) -> str:
    if choice in LANGUAGES:
        return choice  # type: ignore[return-value]
    return system_language()


def error_text(exc: BaseException) -> str:
    """A refusal for people, in the window's language; unexpected errors keep their text."""
    if isinstance(exc, YouduError):
        return exc.message(_current)
    return f"{type(exc).__name__}: {exc}"


def pick(zh: str, en: str) -> str:
    """Data that carries both languages (declared settings, coded messages) in the current one."""
    return en if _current.startswith("en") else zh


def number(value: int) -> str:
    """A count for people: with the language's group separators (12,345), as everywhere counts are shown."""
    return QLocale().toString(int(value))


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Our strings in the current language; with `n`, a text counting with %n in its plural form
    (`translate("LdapPanel", "%n OU(s)", None, count)` — en.ts carries "%n OU" / "%n OUs")."""
    return QCoreApplication.translate(context, text, disambiguation, n)


_ARG = re.compile(r"%([1-9])")


def fill(text: str, *args: object) -> str:
    """%1…%9 in a translated text replaced by `args`, in one pass: an argument that itself holds "%2" (a
    department named so, a search) stays as typed, which chained `.replace()` calls would not do."""
    def arg(m: re.Match[str]) -> str:
        i = int(m.group(1))
        return str(args[i - 1]) if i <= len(args) else m.group(0)

    return _ARG.sub(arg, text)


class Language(QObject):
    """Installs the translators; installing one makes Qt send LanguageChange to every widget."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translators: list[QTranslator] = []
        self.choice = SYSTEM

    @property
    def current(self) -> str:
        return _current

    def apply_saved(self, override: str | None = None) -> str:
        """Start-up: an explicit --lang wins, else the saved menu choice, else the system."""
        saved = str(preferences().value("ui/language", SYSTEM))
        self.choice = override if override in LANGUAGES else (saved if saved in LANGUAGES else SYSTEM)
        return self._install(resolve(self.choice))

    def choose(self, choice: str) -> str:
        """The menu's switch: remembered for the next start and applied to the open window now."""
        self.choice = choice if choice in LANGUAGES else SYSTEM
        preferences().setValue("ui/language", self.choice)
        return self._install(resolve(self.choice))

    def use(self, lang: str) -> str:
        """Speak this language now without remembering it (screenshots, tests)."""
        return self._install(resolve(lang))

    def _install(self, lang: str) -> str:
        global _current
        app = QCoreApplication.instance()
        for t in self._translators:
            if app is not None:
                app.removeTranslator(t)
        self._translators = []
        for translator in self._load(lang):
            if app is not None:
                app.installTranslator(translator)
            self._translators.append(translator)
        _current = lang
        if isinstance(app, QGuiApplication):
            # The platform adds it to every window title: the product is named once, in the window's language.
            app.setApplicationDisplayName(APP_NAME_EN if lang == "en" else APP_NAME_ZH)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese if lang == "zh_CN" else QLocale.Language.English,
                                   QLocale.Country.China if lang == "zh_CN" else QLocale.Country.UnitedStates))
        self.changed.emit(lang)
        return lang

    def _load(self, lang: str) -> list[QTranslator]:
        out = []
        ours = QTranslator(self)
        if ours.load(str(TRANSLATIONS / f"youdu_console_{lang}.qm")):
            out.append(ours)
        else:
            log.warning("no translation file for %s in %s", lang, TRANSLATIONS)
        if lang != "en":
            qt = QTranslator(self)
            # Qt's own strings (standard buttons, file dialogs, context menus) come from its catalogue, asked
            # first; the few it lacks ("&Look in:") are in ours (gui/qt_catalogue.py).
            if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                out.append(qt)
        return out
