"""Who sees which client (SPEC §11): every read of client data starts here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from servicebook.accounts.models import User


class ClientQuerySet(models.QuerySet):
    """Client queries scoped by confidentiality."""

    def visible_to(self, user: User | Any) -> ClientQuerySet:
        """The GM sees all; a department manager the department's clients; staff the clients
        they own or serve on (lead or member of one of the client's project teams).

        Inactive or anonymous users see nothing. Projects are named by their reverse relation
        (``projects``), so this lower layer needs no import of the projects app.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_general_manager:
            return self.all()
        served = self.model._default_manager.filter(
            models.Q(projects__lead=user) | models.Q(projects__team__user=user)
        ).values("pk")
        scope = models.Q(owner=user) | models.Q(pk__in=served)
        if managed := user.managed_department_ids:
            scope |= models.Q(department_id__in=managed)
        return self.filter(scope)
