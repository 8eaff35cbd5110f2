"""A recorded link between a new client file and an existing one that looked the same."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.clients.choices import DuplicateReason
from servicebook.core.choices import check_in_choices


class DuplicateLink(models.Model):
    """The registrant saw ``existing`` as a likely duplicate of ``client`` and went on anyway."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="duplicate_links"
    )
    existing = models.ForeignKey(
        "clients.Client",
        verbose_name=_("existing client"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=10, choices=DuplicateReason.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "existing", "reason"], name="duplicatelink_unique"
            ),
            check_in_choices("reason", DuplicateReason, "duplicatelink_reason_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} ~ {self.existing_id}"
