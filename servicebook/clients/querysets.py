"""Who sees which client (SPEC §11): every read of client data starts here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from servicebook.accounts.models import User


class ClientQuerySet(models.QuerySet):
    """Client queries scoped by confidentiality."""

    def visible_to(self, user: User | Any) -> ClientQuerySet:
        """The GM sees all; a department manager the department's clients; staff their own.

        Inactive or anonymous users see nothing.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_general_manager:
            return self.all()
        scope = models.Q(owner=user)
        if managed := user.managed_department_ids:
            scope |= models.Q(department_id__in=managed)
        return self.filter(scope)
