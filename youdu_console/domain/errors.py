"""Coded errors: every refusal the core makes is a value with a code, translated by the front end."""

from __future__ import annotations

from typing import Any

from youdu_console.domain.messages import render


class YouduError(Exception):
    """A refusal with a stable code and parameters; `message(lang)` renders it for people."""

    exit_code = 1
    kind = "refused"

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh_CN") -> str:
        return render(self.code, lang, self.params)

    def to_dict(self, lang: str = "zh_CN") -> dict[str, Any]:
        return {"code": self.code, "message": self.message(lang)}


class ValidationError(YouduError):
    """Input that breaks a rule (format, length, duplicate, tree shape)."""

    kind = "validation"

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.field = field
        super().__init__(code, field=field, **params)


class NotFound(YouduError):
    kind = "not_found"


class PermissionDenied(YouduError):
    kind = "permission"


class ConflictError(YouduError):
    """Another administrator changed the row since it was read."""

    kind = "conflict"


class AuthenticationError(YouduError):
    kind = "authentication"


class UsageError(YouduError):
    """A command line that cannot be run as written (a malformed --db URL, an unknown option value): exit 2."""

    exit_code = 2
    kind = "usage"


class DatabaseUnavailable(YouduError):
    exit_code = 3
    kind = "unavailable"


class ValidationErrors(YouduError):
    """Several row/field errors at once (bulk operations, imports)."""

    kind = "validation"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("invalid_rows", count=len(errors))
