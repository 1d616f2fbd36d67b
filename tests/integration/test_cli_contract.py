"""The command line's contract: every command word and flag documented in spec/CLI.md is accepted by the parser,
and the forms added for the manual's other areas behave (success, a coded refusal that changes nothing).

tests/fixtures/cli-contract.md is a verbatim copy of the project spec's `spec/CLI.md` (the read-only project
spec, outside this repository); refresh the copy when the spec changes.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from tests.fixtures.core import Cli, snapshot
from tests.interchange_helpers import read_xlsx_rows

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "cli-contract.md"
_WORD = re.compile(r"^[a-z][a-z0-9-]*$")
_FLAG = re.compile(r"--[a-z][a-z-]*")


def _command_lines() -> list[str]:
    """The documented command forms: each line of the fenced blocks with its continuation lines, without the
    descriptions written beside them."""
    lines: list[str] = []
    in_block = False
    for raw in SPEC.read_text(encoding="utf-8").splitlines():
        if raw.startswith("```"):
            in_block = not in_block
            continue
        if not in_block or not raw.strip():
            continue
        if raw[0].isspace():  # a continuation: more flags, or the description's next line
            if raw.strip()[0] in "[(-" and lines:
                lines[-1] += " " + re.split(r"\s{2,}", raw.strip())[0]
            continue
        lines.append(re.split(r"\s{2,}", raw.strip())[0])
    return lines


def _alternatives(line: str) -> list[str]:
    """`a | b` splits into forms; a `|` inside brackets or parentheses (`(--all | --online)`) does not."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        depth += (ch in "([") - (ch in ")]")
        if depth == 0 and line[i:i + 3] == " | ":
            parts.append(line[start:i])
            start = i + 3
    return [*parts, line[start:]]


def _forms() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(command words, flags) of every `|`-separated form; `auth grant | revoke` names `auth revoke`."""
    out = []
    lines = _command_lines()
    tops = {line.split()[0] for line in lines}
    for line in lines:
        top = None
        for part in _alternatives(line):
            tokens = part.split()
            words: list[str] = []
            for token in tokens:
                if not _WORD.match(token):
                    break
                words.append(token)
            if top is None:
                top = words[0]
            elif words and words[0] not in tops:
                words.insert(0, top)
            out.append((tuple(words), tuple(dict.fromkeys(_FLAG.findall(part)))))
    return out


FORMS = _forms()


def _help(*argv: str) -> tuple[int, str]:
    from youdu_console.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([*argv, "--help"])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue() + err.getvalue()


def test_the_contract_copy_is_parsed() -> None:
    words = {w for w, _ in FORMS}
    # a sample of each block, so a parser that silently read nothing fails here
    for expected in (("youdu-console",), ("member", "confidential"), ("auth", "revoke"), ("message", "send"),
                     ("visibility", "remove"), ("sensitive-words", "list"), ("policy", "file-transfer")):
        assert expected in words
    assert len(FORMS) > 80


@pytest.mark.parametrize(("words", "flags"), FORMS, ids=[" ".join(w) + (" " + " ".join(f) if f else "")
                                                        for w, f in FORMS])
def test_documented_form_is_accepted(words: tuple[str, ...], flags: tuple[str, ...]) -> None:
    argv = words[1:] if words[0] == "youdu-console" else words
    code, text = _help(*argv)
    assert code == 0, text
    missing = [f for f in flags if not re.search(re.escape(f) + r"(?![a-z-])", text)]
    assert not missing, f"{' '.join(words)}: --help lacks {missing}\n{text}"


# ------------------------------------------------------------------ behaviour of the forms added for the contract

def _org(cli: Cli) -> None:
    for path in ("研发部", "研发部/前端组", "市场部"):
        assert cli("dept", "add", path).code == 0
    for acc, dept in (("alice", "研发部"), ("bob", "研发部/前端组"), ("carol", "市场部")):
        assert cli("member", "add", acc, "--name", acc.title(), "--dept", dept).code == 0


def _refused(cli: Cli, *args: str, code: int, error: str) -> None:
    before = snapshot(cli.url)
    res = cli(*args)
    assert res.code == code, res.out + res.err
    assert res.data["error"]["code"] == error, res.out
    assert snapshot(cli.url) == before


def test_message_send_and_list(cli: Cli) -> None:
    content = "今晚停机维护 [详情|https://example.com/notice?id=1|1]"
    preview = cli("message", "send", "--title", "维护通知", "--content", content, "--all", "--dry-run")
    assert preview.code == 0 and preview.data["id"] is None
    assert cli("message", "list").data == []
    sent = cli("message", "send", "--title", "维护通知", "--content", content, "--online", "--display", "60")
    assert sent.code == 0, sent.out
    listed = cli("message", "list").data
    assert [(m["id"], m["app_id"], m["title"], m["to_all"], m["online_only"]) for m in listed] == [
        (sent.data["id"], "sysMsgAssistant", "维护通知", True, True)]
    assert listed[0]["body"]["popDuration"] == 60
    assert listed[0]["body"]["msg"][1] == {"link": {"title": "详情", "url": "https://example.com/notice?id=1",
                                                    "action": 1}}
    assert cli("message", "send", "--title", "t", "--content", "c", "--all", "--persistent").data["body"][
        "popDuration"] == 0
    audit = [e for e in cli("audit", "list").data if e["action"] == "sysmsg.send"]
    assert audit and audit[0]["actor"] == "root"

    _refused(cli, "message", "send", "--title", "t", "--content", "c", "--all", "--display", "5", code=1,
             error="sysmsg_display_range")
    _refused(cli, "message", "send", "--title", "t", "--content", "[x|ftp://h/|1]", "--all", code=1,
             error="sysmsg_link_url_invalid")
    _refused(cli, "message", "send", "--title", "t", "--content", "[x|https://h/|2]", "--all", code=1,
             error="sysmsg_link_action_invalid")
    _refused(cli, "message", "send", "--title", " ", "--content", "c", "--all", code=1, error="sysmsg_title_required")
    _refused(cli, "message", "send", "--title", "t", "--content", "c", code=2, error="sysmsg_recipients_usage")
    # super administrators only (5.4.1: the system apps are theirs)
    assert cli("admin", "add", "helper", "--role", "helpdesk", "--password-stdin", input="Helper#123\n").code == 0
    before = snapshot(cli.url)
    res = cli("message", "send", "--title", "t", "--content", "c", "--all", admin=("helper", "Helper#123"))
    assert res.code == 1 and res.data["error"]["code"].startswith("permission")
    assert snapshot(cli.url) == before


def test_logs_window_and_export(cli: Cli, tmp_path: Path) -> None:
    _org(cli)
    assert cli("login-check", "alice", "--password-stdin", "--device", "windows", "--ip", "10.0.0.9",
               input="wrong\n").code == 1
    rows = cli("logs", "login", "--account", "alice").data
    assert len(rows) == 1 and {"time", "account", "device", "ip", "result"} <= set(rows[0])
    assert (rows[0]["account"], rows[0]["device"], rows[0]["ip"]) == ("alice", "windows", "10.0.0.9")
    assert cli("logs", "login", "--since", "2999-01-01").data == []
    assert len(cli("logs", "login", "--since", "2000-01-01T00:00:00Z", "--until", "2999-12-31").data) == 1
    target = tmp_path / "login.xlsx"
    exported = cli("logs", "login", "--account", "alice", "--export", str(target))
    assert exported.code == 0 and exported.data["exported"] == 1
    sheet = read_xlsx_rows(target)
    assert sheet[1][1:4] == ["alice", "windows", "10.0.0.9"]
    shown = cli("logs", "events", "--since", "2000-01-01").data
    events = cli("logs", "events", "--since", "2000-01-01", "--export", str(tmp_path / "events.xlsx"))
    assert events.code == 0 and events.data["exported"] == len(shown) == len(read_xlsx_rows(tmp_path / "events.xlsx")) - 1
    for argv in (("logs", "login", "--since", "yesterday"), ("logs", "events", "--until", "2026-13-01")):
        res = cli(*argv)
        assert res.code == 2 and res.data["error"]["code"] == "logs_time_invalid"
    res = cli("logs", "login", "--export", str(tmp_path / "x.csv"))
    assert res.code == 2 and not (tmp_path / "x.csv").exists()


def test_visibility_documented_form(cli: Cli) -> None:
    _org(cli)
    made = cli("visibility", "add", "restrict", "--dept", "研发部", "--except", "alice", "--also-visible", "市场部",
               "--also-visible", "carol")
    assert made.code == 0, made.out
    rules = cli("visibility", "list").data
    assert [(r["name"], r["kind"], r["whitelist"], r["extra"]) for r in rules] == [
        ("restrict-1", "restrict", {"departments": [], "members": ["alice"]},
         {"departments": ["市场部"], "members": ["carol"]})]
    assert isinstance(rules[0]["id"], int)
    assert cli("visibility", "add", "hide", "--member", "bob").data["summary"]["added"] == 1
    # today's form keeps working beside it
    assert cli("visibility", "add", "门户", "--kind", "forbid", "--dept", "市场部").code == 0
    assert [r["name"] for r in cli("visibility", "list").data] == ["hide-1", "restrict-1", "门户"]

    _refused(cli, "visibility", "add", "hide", "--dept", "研发部", "--except", "nobody/nowhere", code=1,
             error="visibility_target_unknown")
    _refused(cli, "visibility", "add", "hide", "--dept", "研发部", "--also-visible", "carol", code=1,
             error="visibility_extra_not_restrict")
    _refused(cli, "visibility", "add", "someone", "--dept", "研发部", code=2, error="visibility_kind_required")

    removed = cli("visibility", "remove", str(rules[0]["id"]))
    assert removed.code == 0 and removed.data["summary"]["deleted"] == 1
    assert cli("visibility", "remove", "hide-1").code == 0
    assert [r["name"] for r in cli("visibility", "list").data] == ["门户"]
    assert cli("changes", "undo", str(removed.data["id"])).code == 0
    assert [r["name"] for r in cli("visibility", "list").data] == ["restrict-1", "门户"]
    _refused(cli, "visibility", "remove", "999999", code=1, error="visibility_rule_not_found")


def test_sensitive_words_and_filter_text(cli: Cli) -> None:
    _org(cli)
    assert cli("sensitive-words", "list").data == {"enabled": False, "action": "mask", "words": []}
    made = cli("sensitive-words", "set", "机密", "内部", "--action", "block")
    assert made.code == 0, made.out
    assert cli("sensitive-words", "list").data == {"enabled": True, "action": "block", "words": ["机密", "内部"]}
    filtered = cli("policy", "filter-text", "--from", "alice", "这是机密文件")
    assert filtered.code == 1 and (filtered.data["action"], filtered.data["words"]) == ("block", ["机密"])
    assert cli("sensitive-words", "set", "内部", "--action", "mask").code == 0
    masked = cli("policy", "filter-text", "--from", "alice", "内部通知").data
    assert (masked["action"], masked["text"]) == ("mask", "**通知")
    assert cli("changes", "undo", str(made.data["id"]), "--dry-run").code == 0

    _refused(cli, "sensitive-words", "set", "好", "", "--action", "mask", code=1, error="setting_list_empty_item")
    _refused(cli, "sensitive-words", "set", "好", "--action", "hide", code=2, error="usage")
    _refused(cli, "policy", "filter-text", "--from", "ghost", "内部通知", code=1, error="member_not_found")


def test_file_transfer_documented_form(cli: Cli) -> None:
    _org(cli)
    assert cli("settings", "set", "access.internal_networks", "10.0.0.0/8").code == 0
    assert cli("settings", "set", "access.allow_external_file_download", "off").code == 0
    inside = cli("policy", "file-transfer", "alice", "--size", "1024", "--mode", "interconnected", "--ip", "10.1.2.3")
    assert inside.code == 0 and inside.data["allowed"] is True and inside.data["limit_bytes"] > 0
    outside = cli("policy", "file-transfer", "alice", "--size", "1024", "--mode", "offline", "--ip", "8.8.8.8")
    assert outside.code == 1 and (outside.data["reason"], outside.data["external"]) == ("external_download_off", True)
    old = cli("policy", "file-transfer", "--account", "alice", "--size", "1K", "--mode", "p2p", "--from-ip", "10.0.0.1")
    assert old.code == 0 and old.data["allowed"] is True
    _refused(cli, "policy", "file-transfer", "alice", "--size", "1024", "--mode", "offline", "--ip", "not-an-ip",
             code=1, error="address_invalid")
    _refused(cli, "policy", "file-transfer", "alice", "--size", "1024", "--mode", "fax", code=2, error="usage")


def test_json_error_shape_is_one_document(cli: Cli) -> None:
    res = cli("logs", "login", "--since", "nope")
    assert json.loads(res.out)["error"]["code"] == "logs_time_invalid"
