"""Who sees which project (SPEC §11): whoever may see its client, its team and its lead."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicebook.clients.models import Client


class ProjectQuerySet(models.QuerySet):
    """Project queries scoped by the client's confidentiality and the team."""

    def visible_to(self, user: Any) -> ProjectQuerySet:
        """Projects of the clients ``user`` may see, and projects ``user`` serves on or leads.

        Serving on a team shows the project only: the client file itself stays visible by
        the clients' rules (widening client visibility to team members is a later change).
        The team is matched through a pk subquery, so a project is never listed twice.
        """
        served = self.model._default_manager.filter(team__user=user).values("pk")
        return self.filter(
            models.Q(client__in=Client.objects.visible_to(user))
            | models.Q(pk__in=served)
            | models.Q(lead=user)
        )
