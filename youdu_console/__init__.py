"""有度管理控制台 / Youdu Console: the administration console of a Youdu-style enterprise IM deployment."""

__version__ = "0.1.0"
APP_NAME_ZH = "有度管理控制台"
APP_NAME_EN = "Youdu Console"
