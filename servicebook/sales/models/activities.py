"""Follow-up activities on a client, and the manager's check-ins (过问)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices
from servicebook.sales.choices import FollowUpKind


class FollowUp(models.Model):
    """A call, visit, fax … logged against a client, with the next follow-up date."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="follow_ups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices)
    summary = models.TextField(_("summary"))
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["client", "-happened_at"], name="followup_client_at")]
        constraints = [check_in_choices("kind", FollowUpKind, "followup_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_at:%Y-%m-%d}"
