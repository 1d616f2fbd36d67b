"""Settings of 群管理's rules (5.2.1 群空间容量, 5.4.4 讨论组人数设置, appendix 1 Q6), declared as data."""

from __future__ import annotations

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.groups import SPACE_CHOICES
from youdu_console.domain.settings import Setting
from youdu_console.domain.validation import clean_text, split_path


def _check_account(item: str) -> str:
    value = clean_text(item).lower()
    if not value or len(value) > 64:
        raise ValueError("1–64")
    return value


def _check_path(item: str) -> str:
    try:
        parts = split_path(item)
    except ValidationError as exc:
        raise ValueError(exc.message("en")) from None
    if not parts:
        raise ValueError("/")
    return "/".join(parts)


SETTINGS: tuple[Setting, ...] = (
    # 5.2.1 群空间容量: one limit for every fixed group
    Setting("chat.group_space", "choice", "200M", "群空间容量", "Group space capacity", "5.2.1", "聊天管理",
            choices=(*((value, value, value) for value, _mb in SPACE_CHOICES), ("custom", "自定义", "Custom")),
            help_zh="单个群的存储容量", help_en="Storage capacity of each group"),
    Setting("chat.group_space_custom_mb", "int", 1024, "自定义群空间容量", "Custom group space", "5.2.1",
            "聊天管理", minimum=1, maximum=1_048_576, unit="megabytes", help_zh="群空间容量选“自定义”时使用",
            help_en="Used when the group space capacity is “Custom”"),
    # 5.4.4 讨论组人数设置 and appendix 1 Q6 (我的企业-权限管理-聊天权限)
    Setting("chat.discussion_max_members", "int", 200, "讨论组人数上限", "Discussion group size limit", "5.4.4",
            "权限管理", minimum=2, maximum=5000, unit="members"),
    Setting("chat.discussion_creators", "choice", "everyone", "可创建讨论组的成员", "Who may create discussion groups",
            "5.4.4", "权限管理",
            choices=(("everyone", "所有成员", "Everyone"), ("nobody", "禁止创建", "Nobody"),
                     ("whitelist", "仅白名单成员", "Whitelisted members only"))),
    Setting("chat.discussion_whitelist_members", "list", [], "讨论组白名单成员（帐号）",
            "Discussion group whitelist: accounts", "5.4.4", "权限管理", item_check=_check_account),
    Setting("chat.discussion_whitelist_depts", "list", [], "讨论组白名单部门（含子部门）",
            "Discussion group whitelist: departments (with sub-departments)", "5.4.4", "权限管理",
            item_check=_check_path),
)
