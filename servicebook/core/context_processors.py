"""Template context every page needs: the navigation and the GM's calendar warning."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.core.workdays import calendar_warning

# The navigation grows with the journey: only pages that exist are listed.
NAVIGATION = [
    ("home", _("My work"), "home"),
    ("clients:list", _("Clients"), "clients"),
    ("sales:pipeline", _("Pipeline"), "pipeline"),
    ("sales:summary", _("Daily summary"), "summary"),
    ("sales:quotes", _("Quotes"), "quotes"),
    ("contracts:list", _("Contracts"), "contracts"),
    ("projects:list", _("Projects"), "projects"),
    ("projects:my_schedule", _("My schedule"), "schedule"),
    ("delivery:work_orders", _("Work orders"), "work_orders"),
    ("delivery:meeting_list", _("Creative meetings"), "meetings"),
    ("communications:log_overview", _("Service logs"), "logs"),
    ("communications:fax_list", _("Fax sheets"), "fax"),
    ("communications:outbox", _("Outbox"), "outbox"),
]
# Entries only department managers and the GM see.
MANAGERS_ONLY = frozenset({"summary", "logs"})


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries with the active one marked, and a GM-only calendar warning."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path
    entries = [
        (reverse(url_name), label, key)
        for url_name, label, key in NAVIGATION
        if key not in MANAGERS_ONLY or getattr(user, "is_manager", False)
    ]
    # The longest entry the path starts with is the active one (/projects/work-orders/ is
    # "Work orders", not "Projects"); "/" only matches itself.
    matching = [
        url for url, _l, _k in entries if path == url or (url != "/" and path.startswith(url))
    ]
    active = max(matching, key=len, default=None)
    items = [
        {"url": url, "label": label, "key": key, "active": url == active}
        for url, label, key in entries
    ]
    context: dict[str, Any] = {"nav_items": items}
    if getattr(user, "is_general_manager", False):
        context["calendar_warning"] = calendar_warning(timezone.localdate())
    return context
