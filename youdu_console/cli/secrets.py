"""`secrets status | use | set | delete`: where this user keeps the passwords unattended runs need (store/secrets.py).

Local to the machine and the OS user running the command: nothing here touches the database.
"""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.errors import NotFound, ValidationError
from youdu_console.domain.settings_ldap import check_server
from youdu_console.store import secrets

COMMANDS = ("secrets",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("secrets", parents=[common],
                       help="where passwords for unattended runs are kept: OS keyring or a 0600 file")
    s = p.add_subparsers(dest="secrets_command", metavar="ACTION", required=True)
    add_parser(s, common, "status", "the store in use, its file and permissions, and the names it holds", _status)
    u = add_parser(s, common, "use", "choose the store for this user: keyring (default) or file "
                                     "(~/.config/youdu-console/secrets.json, mode 0600, plain text)", _use)
    u.add_argument("store", choices=list(secrets.STORES))
    st = add_parser(s, common, "set", "keep a password: NAME is ldap:SERVER-URL, admin:NAME, smtp:MAIL-SERVER or push:APPID", _set)
    st.add_argument("name", metavar="NAME")
    st.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    d = add_parser(s, common, "delete", "forget a stored password", _delete)
    d.add_argument("name", metavar="NAME")


def secret_name(raw: str) -> str:
    """`ldap:` names are normalised as `ldap config` stores them (ldap://host:port)."""
    name = secrets.check_name(raw.strip())
    kind, _, rest = name.partition(":")
    if kind == "ldap":
        try:
            rest = check_server(rest)
        except ValueError as exc:
            raise ValidationError("setting_invalid", field="name", key="ldap.server", value=rest,
                                  reason=str(exc)) from None
    return f"{kind}:{rest.strip()}"


def _status(ctx: Context, args: argparse.Namespace) -> int:
    out = ctx.out
    st = secrets.status()
    if st["store"] == "file":
        text = out.t(f"密钥保存在文件 {st['file']}（权限 {st.get('mode', '?')}，明文，仅本用户可读）",
                     f"Secrets are kept in the file {st['file']} (mode {st.get('mode', '?')}, plain text, "
                     "readable by this user only)")
        if st["problem"]:
            text += "\n" + out.t("问题：", "Problem: ") + st["problem"]["message"]
        elif st["names"]:
            text += "\n" + "\n".join(f"  {n}" for n in st["names"])
    elif st["keyring_usable"]:
        text = out.t(f"密钥保存在系统钥匙串（{st['keyring_backend']}）",
                     f"Secrets are kept in the OS keyring ({st['keyring_backend']})")
    else:
        text = out.t(f"系统钥匙串不可用（{st['keyring_backend']}）：密码不会保存，每次都需提供；"
                     "无人值守的服务器请运行 secrets use file",
                     f"No OS keyring is usable ({st['keyring_backend']}): passwords are not kept and must be "
                     "given each time; on an unattended server run: secrets use file")
    out.emit(st, text)
    return 0


def _use(ctx: Context, args: argparse.Namespace) -> int:
    st = secrets.use_store(args.store)
    text = (ctx.out.t(f"已改用密钥文件 {st['file']}（0600）", f"Now using the secrets file {st['file']} (0600)")
            if args.store == "file" else
            ctx.out.t(f"已改用系统钥匙串（{st['keyring_backend']}）",
                      f"Now using the OS keyring ({st['keyring_backend']})"))
    ctx.out.emit(st, text)
    return 0


def _set(ctx: Context, args: argparse.Namespace) -> int:
    name = secret_name(args.name)
    password = ctx.read_password(required=True)
    assert password is not None
    store = secrets.set_secret(name, password)
    if store is None:
        backend, _ = secrets.keyring_backend()
        raise secrets.SecretStoreError("secret_keyring_unavailable", backend=backend)
    ctx.out.emit({"name": name, "store": store},
                 ctx.out.t(f"已保存 {name}（{store}）", f"Stored {name} ({store})"))
    return 0


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    name = secret_name(args.name)
    if not secrets.delete_secret(name):
        raise NotFound("secret_not_found", value=name)
    ctx.out.emit({"name": name, "deleted": True}, ctx.out.t(f"已删除 {name}", f"Deleted {name}"))
    return 0
