"""Creative meetings (创意会, SPEC §5): the project lead asks, the department manager calls it.

requested → scheduled → held (ideas and the decision recorded); cancelled before it is held.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices, choice_colour
from servicebook.delivery.querysets import ProjectScopedQuerySet


class CreativeMeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


CREATIVE_MEETING_STATUS_COLOURS = {
    "requested": "amber",
    "scheduled": "blue",
    "held": "green",
    "cancelled": "grey",
}


class CreativeMeeting(models.Model):
    """A creative meeting before a new proposal: who asked, when, who came, ideas, decision."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="creative_meetings",
    )
    topic = models.CharField(_("topic"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CreativeMeetingStatus.choices,
        default=CreativeMeetingStatus.REQUESTED,
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scheduled_for = models.DateTimeField(_("time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="creative_meetings",
    )
    ideas = models.TextField(_("ideas"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("creative meeting")
        verbose_name_plural = _("creative meetings")
        ordering = ["-requested_at", "-id"]
        constraints = [
            check_in_choices("status", CreativeMeetingStatus, "creativemeeting_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(status="scheduled") | models.Q(scheduled_for__isnull=False),
                name="creativemeeting_scheduled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def status_label(self) -> str:
        return str(CreativeMeetingStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(CREATIVE_MEETING_STATUS_COLOURS, self.status)
