"""Chinese phone numbers: stored as digits (with an optional extension), shown grouped."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NON_DIGITS = re.compile(r"[^\d]")
# Area codes of two digits (010, 020-029) or three digits (0731 …) after the leading 0.
_TWO_DIGIT_AREAS = {"10", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"}


def normalise_phone(raw: str) -> str:
    """Keep the digits of a phone number, dropping a +86/0086 country prefix.

    >>> normalise_phone("+86 138-0013-8000")
    '13800138000'
    >>> normalise_phone("(0731) 8888 6666")
    '073188886666'
    """
    digits = _NON_DIGITS.sub("", raw or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def format_phone(digits: str) -> str:
    """Show a stored phone number grouped: ``138 0013 8000``, ``0731-8888 6666``.

    >>> format_phone("13800138000")
    '138 0013 8000'
    >>> format_phone("073188886666")
    '0731-8888 6666'
    >>> format_phone("01088886666")
    '010-8888 6666'
    """
    if not digits or not digits.isdigit():
        return digits or ""
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith("0") and len(digits) >= 10:
        area_len = 3 if digits[1:3] in _TWO_DIGIT_AREAS else 4
        area, local = digits[:area_len], digits[area_len:]
        split = len(local) - 4
        return f"{area}-{local[:split]} {local[split:]}"
    return digits


def is_plausible_phone(digits: str) -> bool:
    """A mobile (11 digits from 1), a landline with area code (10–12 digits), or 7–8 digits."""
    if len(digits) == 11 and digits.startswith("1"):
        return True
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        return True
    return 7 <= len(digits) <= 8 and not digits.startswith("0")


def clean_phone_field(value: str) -> str:
    """A typed phone as stored digits, or a ValidationError the user can act on."""
    digits = normalise_phone(value)
    if value.strip() and not is_plausible_phone(digits):
        raise ValidationError(
            _("Enter a valid phone number, e.g. 138 0013 8000 or 0731-8888 6666.")
        )
    return digits
