"""Servicebook's template filters and tags: phones, money, dates, badges, query strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import get_language

from servicebook.core.phones import format_phone

register = template.Library()


@register.filter
def phone(value: str | None) -> str:
    """``13800138000`` → ``138 0013 8000``."""
    return format_phone(value or "")


@register.filter
def yuan(value: Decimal | int | None) -> str:
    """Decimal yuan → ``¥1,234,567.00`` (never rounded beyond the fen)."""
    if value is None:
        return ""
    return f"¥{Decimal(value):,.2f}"


@register.filter
def longdate(value: date | None) -> str:
    """``2026年11月27日`` in Chinese, ``27 Nov 2026`` in English."""
    if not value:
        return ""
    if (get_language() or "").startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%-d %b %Y")


@register.filter
def isodate(value: date | None) -> str:
    """``2026-11-27``; datetimes are shown in local time by the caller."""
    return value.isoformat()[:10] if value else ""


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], remove: str = "", **changes: Any) -> str:
    """The current query string with some parameters replaced (``None`` removes one).

    ``remove`` names one more parameter to drop (for a filter chip's ×).
    """
    params: QueryDict = context["request"].GET.copy()
    params.pop(remove, None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def badge(label: str, colour: str) -> str:
    """A coloured status badge; colours come from the mapping beside each TextChoices.

    A simple tag rather than an included template: lists show two per row.
    """
    return format_html('<span class="badge badge-{}">{}</span>', colour, label)
