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
]
# Entries only department managers and the GM see.
MANAGERS_ONLY = frozenset({"summary"})


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation entries with the active one marked, and a GM-only calendar warning."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path
    items = []
    for url_name, label, key in NAVIGATION:
        if key in MANAGERS_ONLY and not getattr(user, "is_manager", False):
            continue
        url = reverse(url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": label, "key": key, "active": active})
    context: dict[str, Any] = {"nav_items": items}
    if getattr(user, "is_general_manager", False):
        context["calendar_warning"] = calendar_warning(timezone.localdate())
    return context
