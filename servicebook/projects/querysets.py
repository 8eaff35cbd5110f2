"""Who sees which project (SPEC §11): whoever may see its client."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicebook.clients.models import Client


class ProjectQuerySet(models.QuerySet):
    """Project queries scoped by the client's confidentiality."""

    def visible_to(self, user: Any) -> ProjectQuerySet:
        """Projects of the clients ``user`` may see.

        ``Client.objects.visible_to`` already counts serving on a project (its lead or a
        member of its team), so the project rule needs nothing of its own.
        """
        return self.filter(client__in=Client.objects.visible_to(user))
