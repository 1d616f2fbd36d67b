"""Where the runtime resources live (installed as package data): icons and compiled translations."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def app_icon() -> Path:
    return RESOURCES / "icons" / "youdu-console.svg"


def translations_dir() -> Path:
    return RESOURCES / "translations"
