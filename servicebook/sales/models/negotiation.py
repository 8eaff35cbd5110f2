"""Negotiation rounds (议价): each round's outcome is reported to the manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices
from servicebook.sales.choices import NegotiationOutcome


class NegotiationRound(models.Model):
    """One round of negotiation with a client, numbered per client."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="negotiation_rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    quote = models.ForeignKey(
        "sales.Quote",
        verbose_name=_("quote discussed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="negotiation_rounds",
    )
    held_on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=NegotiationOutcome.choices)
    summary = models.TextField(_("what was discussed"))
    next_step = models.TextField(_("next step"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("negotiation round")
        verbose_name_plural = _("negotiation rounds")
        ordering = ["client_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="negotiation_round_unique"),
            check_in_choices("outcome", NegotiationOutcome, "negotiation_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} #{self.number}"
