"""Field rules of the address book: normalisation and coded validation errors (no I/O)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from youdu_console.domain.errors import ValidationError

ACCOUNT_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
MOBILE_RE = re.compile(r"^\+?[0-9]{6,20}$")
PHONE_RE = re.compile(r"^[0-9+()#*\- ]{3,32}$")
SHORT_RE = re.compile(r"^[0-9]{2,12}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
ADMIN_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

NAME_MAX = 64
DEPT_NAME_MAX = 64
POSITION_MAX = 64
EMAIL_MAX = 128
WEIGHT_MAX = 2_147_483_647
CONFIDENTIAL_FIELDS = ("mobile", "phone", "email")
GENDERS = {"male": "male", "m": "male", "男": "male", "1": "male",
           "female": "female", "f": "female", "女": "female", "2": "female",
           "": "", "unknown": "", "0": "", "未知": ""}


def clean_text(value: Any) -> str:
    """Trim, fold full-width letters and digits to half-width (NFKC), drop zero-width characters."""
    if type(value) is str and value.isascii() and value.isprintable():
        return value.strip()  # printable ASCII is its own NFKC form (an import calls this ~10 times a row)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return text.strip()


def normalize_account(value: Any) -> str:
    account = clean_text(value).lower()
    if not account:
        raise ValidationError("account_required", field="account")
    if not ACCOUNT_RE.match(account):
        raise ValidationError("account_invalid", field="account", value=account)
    return account


def normalize_name(value: Any) -> str:
    name = " ".join(clean_text(value).split())
    if not name:
        raise ValidationError("name_required", field="name")
    if len(name) > NAME_MAX:
        raise ValidationError("name_too_long", field="name", max=NAME_MAX)
    return name


def normalize_mobile(value: Any) -> str | None:
    mobile = clean_text(value).replace(" ", "").replace("-", "")
    if not mobile:
        return None
    if mobile.startswith("+86") and len(mobile) == 14:
        mobile = mobile[3:]
    if not MOBILE_RE.match(mobile):
        raise ValidationError("mobile_invalid", field="mobile", value=mobile)
    return mobile


def normalize_phone(value: Any) -> str:
    phone = clean_text(value)
    if phone and not PHONE_RE.match(phone):
        raise ValidationError("phone_invalid", field="phone", value=phone)
    return phone


def normalize_short_number(value: Any) -> str:
    short = clean_text(value)
    if short and not SHORT_RE.match(short):
        raise ValidationError("short_number_invalid", field="short_number", value=short)
    return short


def normalize_email(value: Any) -> str:
    email = clean_text(value)
    if email and (len(email) > EMAIL_MAX or not EMAIL_RE.match(email)):
        raise ValidationError("email_invalid", field="email", value=email)
    return email.lower() if email else ""


def normalize_gender(value: Any) -> str:
    text = clean_text(value).lower()
    if text not in GENDERS:
        raise ValidationError("gender_invalid", field="gender", value=text)
    return GENDERS[text]


def normalize_weight(value: Any) -> int:
    text = clean_text(value)
    if text == "":
        return 0
    try:
        weight = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            raise ValidationError("weight_invalid", field="weight", value=text, max=WEIGHT_MAX) from None
        if not as_float.is_integer():
            raise ValidationError("weight_invalid", field="weight", value=text, max=WEIGHT_MAX) from None
        weight = int(as_float)
    if not 0 <= weight <= WEIGHT_MAX:
        raise ValidationError("weight_invalid", field="weight", value=text, max=WEIGHT_MAX)
    return weight


def normalize_sort(value: Any) -> int:
    text = clean_text(value)
    if text == "":
        return 0
    try:
        return int(text)
    except ValueError:
        raise ValidationError("sort_invalid", field="sort", value=text) from None


def normalize_position(value: Any) -> str:
    position = clean_text(value)
    if len(position) > POSITION_MAX:
        raise ValidationError("position_too_long", field="position", max=POSITION_MAX)
    return position


def normalize_dept_name(value: Any) -> str:
    name = " ".join(clean_text(value).split())
    if not name:
        raise ValidationError("dept_name_required", field="name")
    if "/" in name or any(unicodedata.category(c) == "Cc" for c in name):
        raise ValidationError("dept_name_invalid", field="name", value=name)
    if len(name) > DEPT_NAME_MAX:
        raise ValidationError("dept_name_too_long", field="name", max=DEPT_NAME_MAX)
    return name


def split_path(path: str) -> list[str]:
    """`研发部/前端组` → ['研发部', '前端组']; blank segments and surrounding spaces are dropped."""
    return [normalize_dept_name(p) for p in clean_text(path).split("/") if p.strip()]


def normalize_confidential(fields: Iterable[str]) -> list[str]:
    out = []
    for field in fields:
        f = clean_text(field).lower()
        if f not in CONFIDENTIAL_FIELDS:
            raise ValidationError("confidential_field_invalid", field="confidential", value=f)
        if f not in out:
            out.append(f)
    return sorted(out, key=CONFIDENTIAL_FIELDS.index)


def normalize_admin_name(value: Any) -> str:
    name = clean_text(value)
    if not ADMIN_NAME_RE.match(name):
        raise ValidationError("admin_name_invalid", field="name", value=name)
    return name


ATTRIBUTE_KEY_MAX = 32
ATTRIBUTE_VALUE_MAX = 256
ATTRIBUTES_MAX = 30


def normalize_attributes(values: dict[str, Any]) -> dict[str, str]:
    """Custom member fields (5.3.2, e.g. 工龄, 爱好): short names, text values; empty means remove."""
    out: dict[str, str] = {}
    for key, value in values.items():
        k = " ".join(clean_text(key).split())
        # Names starting with "_" are the console's own records (e.g. "_ldap", what the last sync wrote).
        if not k or len(k) > ATTRIBUTE_KEY_MAX or k.startswith("_"):
            raise ValidationError("attribute_invalid", field="attributes", value=key, max=ATTRIBUTE_KEY_MAX)
        text = clean_text(value)
        if len(text) > ATTRIBUTE_VALUE_MAX:
            raise ValidationError("field_too_long", field=k, max=ATTRIBUTE_VALUE_MAX)
        out[k] = text
    if len(out) > ATTRIBUTES_MAX:
        raise ValidationError("attributes_too_many", field="attributes", max=ATTRIBUTES_MAX)
    return out


SPECIAL_CHARACTER = re.compile(r"[^A-Za-z0-9]")


def check_password_policy(settings: dict[str, Any], password: str) -> None:
    """The 5.5 rule: with strong passwords on, 8–16 characters with upper, lower, digit and special."""
    if settings.get("security.strong_password"):
        ok = (8 <= len(password) <= 16 and re.search(r"[A-Z]", password) and re.search(r"[a-z]", password)
              and re.search(r"[0-9]", password) and SPECIAL_CHARACTER.search(password))
        if not ok:
            raise ValidationError("password_weak", field="password")
    minimum = int(settings.get("security.password_min_length", 6))
    if len(password) < minimum:
        raise ValidationError("password_too_short", field="password", min=minimum)
