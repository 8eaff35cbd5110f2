"""The top bar's inbox: how many notifications the person has not read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from servicebook.accounts.models import Notification


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: a lazy count, queried only if the template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications": count}
