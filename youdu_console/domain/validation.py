"""Field rules of the address book: normalisation and coded validation errors (no I/O)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from youdu_console.domain.errors import ValidationError

ACCOUNT_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
# A landline as people write it: digits with + ( ) - space separators, optionally an extension after
# 转 / 分机 / ext / x / # / , (e.g. "010-6253 1234 转 806", "+852 2345 6789 ext. 12").
PHONE_RE = re.compile(r"^\+?[0-9(][0-9()\- ]{1,30}(?:\s*(?:转|分机|ext\.?|x|#|,)\s*[0-9]{1,8})?$", re.IGNORECASE)
PHONE_DIGITS = (3, 20)
# What people type between the digits of a mobile number.
_MOBILE_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE_SHAPE = re.compile(r"^\+?[0-9]{3,20}$")
SHORT_RE = re.compile(r"^[0-9]{2,12}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
ADMIN_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

NAME_MAX = 64
DEPT_NAME_MAX = 64
POSITION_MAX = 64
EMAIL_MAX = 128
WEIGHT_MAX = 2_147_483_647
SORT_MIN, SORT_MAX = -2_147_483_648, 2_147_483_647  # a signed 32-bit column on every backend
DEFAULT_MOBILE_REGION = "CN"  # the default of the directory.mobile_region setting
DEFAULT_MAX_DEPTH = 32  # the default of the directory.max_depth setting
RESERVED_DEPT_NAMES = (".", "..")
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
    account = fold_account(value)
    if not account:
        raise ValidationError("account_required", field="account")
    if not ACCOUNT_RE.match(account):
        raise ValidationError("account_invalid", field="account", value=account)
    return account


# Characters no name or label may hold: the controls (category Cc: U+0000–001F, U+007F–009F) but the folded
# tab / line feed / carriage return, the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069:
# they reorder what a listing shows), and lone surrogates (Cs). One regex:
# checking unicodedata.category per character made the name rule 4× slower on a 100k-row import.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` for an error message: forbidden characters shown as escapes, so a message cannot hijack a terminal."""
    return _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clean_label(value: Any, *, field: str, max_len: int, required: str | None, invalid: str,
                too_long: str) -> str:
    """The one rule for names (members, departments, positions, custom fields), on every path.

    Trimmed and NFKC-folded; tabs, line breaks and runs of spaces become one space; any other control
    character, NUL, ESC or bidirectional override is refused (not silently dropped: the source is wrong);
    at most `max_len` characters. `required` is the code for an empty value (None: empty is allowed).
    """
    text = clean_text(value)
    if _FORBIDDEN.search(text):
        raise ValidationError(invalid, field=field, value=visible(text)[:80])
    text = " ".join(text.split())
    if not text and required:
        raise ValidationError(required, field=field)
    if len(text) > max_len:
        raise ValidationError(too_long, field=field, max=max_len)
    return text


def normalize_name(value: Any) -> str:
    return clean_label(value, field="name", max_len=NAME_MAX, required="name_required", invalid="name_invalid",
                       too_long="name_too_long")


class MobileRule:
    """Mobile numbers of one default region, validated with libphonenumber's metadata (`phonenumbers`).

    Stored form: a mainland China number (+86) as its 11 national digits (`13800000000`), so existing data,
    SMS gateways and prefix search by `138…` keep working; every other country in E.164 (`+85291234567`).
    A number without a country code is read in the default region; with `+` or `00` it may be any country's.
    The common case — a national number of the default region — is matched against the region's mobile
    pattern from the metadata directly: a full parse costs ~190 µs, 19 s per 100k-row import.
    """

    def __init__(self, region: str) -> None:
        import phonenumbers

        self.region = region.upper()
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(self.region)
        if metadata is None or metadata.mobile is None or not metadata.mobile.national_number_pattern:
            raise ValidationError("mobile_region_invalid", field="mobile", value=region)
        self.country_code = str(metadata.country_code)
        self.pattern = re.compile(metadata.mobile.national_number_pattern)
        general = metadata.general_desc.possible_length if metadata.general_desc is not None else ()
        self.lengths = frozenset(metadata.mobile.possible_length or general or ())

    def stored(self, country_code: str, national: str) -> str:
        return national if country_code == "86" else f"+{country_code}{national}"

    def normalize(self, value: Any) -> str | None:
        text = clean_text(value)
        if not text:
            return None
        if text.isdigit() and text.isascii() and len(text) in self.lengths and self.pattern.fullmatch(text):
            return self.stored(self.country_code, text)  # the common case: a national number of the region
        compact = _MOBILE_SEPARATORS.sub("", text)
        if compact.startswith("00"):
            compact = "+" + compact[2:]
        if not _MOBILE_SHAPE.match(compact):
            raise ValidationError("mobile_invalid", field="mobile", value=visible(text)[:40])
        national = compact
        if compact.startswith("+" + self.country_code):
            national = compact[len(self.country_code) + 1:]
        if not national.startswith("+") and len(national) in self.lengths and self.pattern.fullmatch(national):
            return self.stored(self.country_code, national)
        return self._parse(compact, text)

    def _parse(self, compact: str, text: str) -> str:
        import phonenumbers
        from phonenumbers import PhoneNumberType

        try:
            number = phonenumbers.parse(compact, self.region)
        except phonenumbers.NumberParseException:
            raise ValidationError("mobile_invalid", field="mobile", value=text[:40]) from None
        kind = phonenumbers.number_type(number)
        if not phonenumbers.is_valid_number(number) or kind not in (PhoneNumberType.MOBILE,
                                                                     PhoneNumberType.FIXED_LINE_OR_MOBILE):
            raise ValidationError("mobile_invalid", field="mobile", value=text[:40])
        return self.stored(str(number.country_code), str(number.national_number))


@lru_cache(maxsize=16)
def mobile_rule(region: str = DEFAULT_MOBILE_REGION) -> MobileRule:
    return MobileRule(region)


def normalize_mobile(value: Any, region: str = DEFAULT_MOBILE_REGION) -> str | None:
    """A mobile number in its stored form (see MobileRule), or None when empty; invalid ones are refused."""
    return mobile_rule(region).normalize(value)


def normalize_phone(value: Any) -> str:
    """A landline, checked loosely: 3–20 digits with the usual separators and an optional extension.

    Kept as written (trimmed, runs of spaces folded): landlines are read by people, not matched by machines.
    """
    phone = " ".join(clean_text(value).split())
    if not phone:
        return ""
    digits = sum(c.isdigit() for c in phone)
    if not PHONE_RE.match(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1] + 8:
        raise ValidationError("phone_invalid", field="phone", value=visible(phone)[:40])
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
    """A department sort value: a whole number within a signed 32-bit range (what every backend stores)."""
    text = clean_text(value)
    if text == "":
        return 0
    try:
        sort = int(text)
    except ValueError:
        raise ValidationError("sort_invalid", field="sort", value=visible(text)[:40], min=SORT_MIN,
                              max=SORT_MAX) from None
    if not SORT_MIN <= sort <= SORT_MAX:
        raise ValidationError("sort_invalid", field="sort", value=text[:40], min=SORT_MIN, max=SORT_MAX)
    return sort


def normalize_position(value: Any) -> str:
    return clean_label(value, field="position", max_len=POSITION_MAX, required=None, invalid="text_invalid",
                       too_long="position_too_long")


def normalize_dept_name(value: Any) -> str:
    name = clean_label(value, field="name", max_len=DEPT_NAME_MAX, required="dept_name_required",
                       invalid="dept_name_invalid", too_long="dept_name_too_long")
    if "/" in name:
        raise ValidationError("dept_name_invalid", field="name", value=name)
    if name in RESERVED_DEPT_NAMES:
        raise ValidationError("dept_name_reserved", field="name", value=name)
    return name


def split_path(path: str) -> list[str]:
    """`研发部/前端组` → ['研发部', '前端组'].

    One leading or trailing `/` is allowed (`/研发部/`); an empty segment inside (`研发部//前端组`, `a/ /b`)
    is refused rather than collapsed, because it means the path was not what its writer thought.
    """
    if type(path) is str:
        # An import names the same few thousand departments on every row: folding and checking each name
        # again cost a fifth of planning 100k members.
        return list(_split_path(path))
    return _split_path_now(path)


def check_path(path: Any) -> None:
    """Refuse what split_path refuses, without making the list (an import checks every row's departments)."""
    if type(path) is str:
        _split_path(path)
    else:
        _split_path_now(path)


@lru_cache(maxsize=65536)
def _split_path(path: str) -> tuple[str, ...]:
    return tuple(_split_path_now(path))


def _split_path_now(path: Any) -> list[str]:
    original = clean_text(path)
    if original in ("", "/"):
        return []
    text = original[1:] if original.startswith("/") else original
    text = text[:-1] if text.endswith("/") else text
    parts = text.split("/")
    if any(not p.strip() for p in parts):
        raise ValidationError("dept_path_invalid", field="path", path=visible(original)[:200])
    return [normalize_dept_name(p) for p in parts]


def check_depth(depth: int, max_depth: int, path: str) -> None:
    """Refuse a department `depth` levels deep (1 = top level) when the limit is `max_depth`."""
    if depth > max_depth:
        shown = path if len(path) <= 120 else f"{path[:60]}…{path[-40:]}"
        raise ValidationError("dept_too_deep", field="department", path=visible(shown), depth=depth, max=max_depth)


def fold_account(value: Any) -> str:
    """How an account is looked up everywhere (reads, writes, login-check): NFKC-folded, trimmed, lower case."""
    return clean_text(value).lower()


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
        if _FORBIDDEN.search(clean_text(key)):
            raise ValidationError("text_invalid", field="attributes", value=visible(clean_text(key))[:80])
        k = " ".join(clean_text(key).split())
        # Names starting with "_" are the console's own records (e.g. "_ldap", what the last sync wrote).
        if not k or len(k) > ATTRIBUTE_KEY_MAX or k.startswith("_"):
            raise ValidationError("attribute_invalid", field="attributes", value=key, max=ATTRIBUTE_KEY_MAX)
        text = clean_text(value)
        if _FORBIDDEN.search(text):  # free text: line breaks are kept, controls are not
            raise ValidationError("text_invalid", field=k, value=visible(text)[:80])
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
