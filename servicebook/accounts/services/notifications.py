"""The in-app inbox: tell a person something, mark what they have read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from servicebook.accounts.models import Notification, NotificationKind, User


def notify(
    recipients: Iterable[User], kind: NotificationKind, *, url: str = "", **params: Any
) -> list[Notification]:
    """Put one notification in each recipient's inbox (once per person)."""
    unique = {r.pk: r for r in recipients if r is not None and r.is_active}
    text_params = {key: str(value) for key, value in params.items()}
    return Notification.objects.bulk_create(
        Notification(recipient=r, kind=kind, params=text_params, url=url) for r in unique.values()
    )


def notifications_mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (or just ``ids``) read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
