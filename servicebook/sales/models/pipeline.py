"""The client's moves along the journey, one typed row per move."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.catalog.models import BilingualName
from servicebook.clients.choices import ClientStatus
from servicebook.core.choices import check_in_choices


class AbandonReason(BilingualName):
    """Why a client was given up (an agency-editable list)."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("reason for abandoning")
        verbose_name_plural = _("reasons for abandoning")
        ordering = ["position", "id"]


class StageChange(models.Model):
    """One move of a client from one stage to another: who, when, why."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="stage_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ClientStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ClientStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    reason = models.ForeignKey(
        AbandonReason,
        verbose_name=_("reason"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="stagechange_client_at")]
        constraints = [
            check_in_choices("from_status", ClientStatus, "stagechange_from_valid"),
            check_in_choices("to_status", ClientStatus, "stagechange_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.from_status} → {self.to_status}"
