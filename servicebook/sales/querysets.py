"""Who sees which quote: exactly those whose client they may see (SPEC §11)."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicebook.clients.models import Client
from servicebook.sales.choices import QuoteStatus


class QuoteQuerySet(models.QuerySet):
    """Quote queries scoped by the client's confidentiality."""

    def visible_to(self, user: Any) -> QuoteQuerySet:
        """Quotes of the clients ``user`` may see."""
        return self.filter(client__in=Client.objects.visible_to(user))

    def awaiting_approval_by(self, user: Any) -> QuoteQuerySet:
        """Submitted quotes this user may decide on (department manager or GM, not the author)."""
        if not getattr(user, "is_authenticated", False) or not user.is_manager:
            return self.none()
        quotes = self.filter(status=QuoteStatus.SUBMITTED).exclude(author=user)
        if user.is_general_manager:
            return quotes
        return quotes.filter(client__department_id__in=user.managed_department_ids)
