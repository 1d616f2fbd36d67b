"""Settings the policy engine answers with: sensitive words (5.6.2), file transfers (5.4.3, appendix 1 Q8)
and downloads from external networks (5.4.2), declared as data."""

from __future__ import annotations

from youdu_console.domain.settings import Setting

WORD_MAX = 50


def _check_word(item: str) -> str:
    """A sensitive word: trimmed printable text of at most 50 characters (empty words are refused earlier)."""
    value = item.strip()
    if len(value) > WORD_MAX:
        raise ValueError(f"<= {WORD_MAX}")
    if not value.isprintable():
        raise ValueError("printable")
    return value


def _megabytes(key: str, default: int, zh: str, en: str, zero_zh: str, zero_en: str, help_zh: str,
               help_en: str) -> Setting:
    return Setting(key, "int", default, zh, en, "5.4.3", "文件传输权限", minimum=0, maximum=1_048_576,
                   unit="megabytes", zero_zh=zero_zh, zero_en=zero_en, help_zh=help_zh, help_en=help_en)


SETTINGS: tuple[Setting, ...] = (
    # 5.4.3 文件传输权限 / appendix 1 Q8: one size limit per transfer mode; 0 switches the mode off
    _megabytes("transfer.offline_max_mb", 200, "离线模式单文件大小上限", "Offline mode: largest file", "关闭", "off", "文件先上传到服务器，对方上线后下载；0 表示关闭此模式",
               "Files go through the server; the receiver downloads them when online; 0 switches the mode off"),
    _megabytes("transfer.p2p_max_mb", 2048, "P2P 模式（大文件）单文件大小上限", "P2P mode (large files): largest file",
               "关闭", "off", "双方在线时直接传输，适合大文件；0 表示关闭此模式",
               "Sent directly while both are online, for large files; 0 switches the mode off"),
    _megabytes("transfer.interconnect_max_mb", 100, "互联企业模式单文件大小上限", "Interconnected enterprises: largest file",
               "关闭", "off", "发给企业集群中其他企业成员的文件；0 表示关闭此模式",
               "Files sent to members of other enterprises in the cluster; 0 switches the mode off"),
    # 5.4.2 外网权限: downloads from addresses outside access.internal_networks
    Setting("access.allow_external_file_download", "bool", True, "允许外网下载文件", "Allow file downloads from external networks",
            "5.4.2", "权限管理", help_zh="关闭后，内网地址范围以外的客户端不能下载文件",
            help_en="When off, clients outside the internal address ranges cannot download files"),
    Setting("access.allow_external_image_download", "bool", True, "允许外网下载图片", "Allow image downloads from external networks",
            "5.4.2", "权限管理", help_zh="关闭后，内网地址范围以外的客户端不能下载图片",
            help_en="When off, clients outside the internal address ranges cannot download images"),
    # 5.6.2 敏感信息保护
    Setting("sensitive.enabled", "bool", False, "敏感信息保护", "Sensitive-word protection", "5.6.2", "敏感信息保护",
            help_zh="开启后，可设置敏感词以及携带敏感词信息的处理方式",
            help_en="When on, messages holding a sensitive word are treated as chosen below"),
    Setting("sensitive.mode", "choice", "mask", "敏感词处理方式", "Treatment of sensitive words", "5.6.2", "敏感信息保护",
            choices=(("mask", "显示星号：发送的文本消息，敏感词自动显示星号", "Mask: sensitive words are shown as *"),
                     ("block", "消息拦截：检测到敏感词，发送时弹窗提示不予发送", "Block: the message is not sent"))),
    Setting("sensitive.words", "list", [], "敏感词", "Sensitive words", "5.6.2", "敏感信息保护", item_check=_check_word,
            empty_items=False, help_zh="全角半角、大小写视为相同；命令行中多个词用逗号隔开，不能有空词",
            help_en="Full-width and half-width forms and letter case match alike; on the command line separate "
                    "words with commas, none empty"),
)
