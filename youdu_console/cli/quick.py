"""Read commands answered before the parser and the services are loaded, when their common case allows it.

`youdu-console member show ACCOUNT` is typed by helpdesk staff and run by scripts one account at a time; its
own work takes a few milliseconds, importing SQLAlchemy and the services ~0.3 s. So when the command line is
exactly that command with the global options, the credentials are in the environment and the database is a
plain SQLite file, services.quick_read answers its success case without loading them. Every other case —
other words or options, `--help`, a refusal of any kind — returns None here and the full CLI runs as before,
so the contract (spec/CLI.md) and the coded errors stay the full path's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from youdu_console.cli.output import Output
from youdu_console.domain.messages import default_lang

LANGS = ("zh_CN", "en")


@dataclass(frozen=True)
class ShowArgs:
    account: str
    db: str | None
    as_json: bool
    lang: str | None


def parse_member_show(argv: Sequence[str]) -> ShowArgs | None:
    """`[GLOBAL…] member [GLOBAL…] show [GLOBAL…] ACCOUNT [GLOBAL…]` with GLOBAL one of --db URL, --db=URL,
    --json, --lang L, --lang=L, as the real parser reads it (a later value wins); None for anything else."""
    words: list[str] = []
    db: str | None = None
    lang: str | None = None
    as_json = False
    items = list(argv)
    i = 0
    while i < len(items):
        a = items[i]
        if a in ("--db", "--lang"):
            if i + 1 >= len(items) or items[i + 1].startswith("-"):
                return None
            value = items[i + 1]
            i += 2
        elif a.startswith(("--db=", "--lang=")):
            a, value = a.split("=", 1)
            i += 1
        elif a == "--json":
            as_json = True
            i += 1
            continue
        elif a.startswith("-"):
            return None  # --help, --version, an abbreviation, "--", a negative-looking account: the parser's
        else:
            words.append(a)
            i += 1
            continue
        if a == "--db":
            db = value
        elif value in LANGS:
            lang = value
        else:
            return None
    if len(words) != 3 or words[:2] != ["member", "show"]:
        return None
    return ShowArgs(words[2], db, as_json, lang)


def import_excel_file(argv: Sequence[str]) -> str | None:
    """FILE of `[GLOBAL…] import [GLOBAL…] excel … FILE …` (its own options skipped: --dept takes a value), or
    None. Only a hint: the parser still reads the command line as it always does."""
    words: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        a = items[i]
        if a in ("--db", "--lang", "--dept"):
            i += 2
            continue
        if a in ("--help", "-h", "--"):
            return None
        if not a.startswith("-"):
            words.append(a)
            if len(words) == 3:
                break
        i += 1
    return words[2] if len(words) == 3 and words[:2] == ["import", "excel"] else None


def prestart_reader(argv: Sequence[str]) -> None:
    """`import excel FILE`: the sheet's reader process starts now, reading while this one loads its modules
    and logs in (interchange.sheet_worker.prestart)."""
    file = import_excel_file(argv)
    if file is not None:
        from pathlib import Path

        from youdu_console.interchange.sheet_worker import prestart

        prestart(Path(file))


def answer(argv: Sequence[str]) -> int | None:
    """Run the command here when its common case allows it (exit status 0); None: run the full CLI."""
    args = parse_member_show(argv)
    name = os.environ.get("YOUDU_ADMIN")
    password = os.environ.get("YOUDU_ADMIN_PASSWORD")
    if args is None or not name or password is None:
        return None  # the keyring or a prompt gives the password: the full path asks them
    from youdu_console.services import quick_read
    from youdu_console.store.lite import default_url

    view = quick_read.member_show(args.db or default_url(create_folder=False), name, password, args.account)
    if view is None:
        return None
    Output(args.as_json, args.lang or default_lang()).record(view.to_json())
    return 0
