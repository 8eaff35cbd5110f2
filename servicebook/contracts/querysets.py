"""Who sees which contract: exactly those whose client they may see (SPEC §11)."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicebook.clients.models import Client


class ContractQuerySet(models.QuerySet):
    """Contract queries scoped by the client's confidentiality."""

    def visible_to(self, user: Any) -> ContractQuerySet:
        """Contracts of the clients ``user`` may see."""
        return self.filter(client__in=Client.objects.visible_to(user))
