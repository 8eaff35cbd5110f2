"""The weekly and monthly service logs (客户服务周志 / 月志, SPEC §7).

One log per project and period. The system drafts it from the period's records; the
project lead edits it and sends it; the client's acknowledgement is recorded. A weekly
log is due by the first working day of the next week, a monthly log by the third
working day of the next month (``due_on``, fixed when the log is created).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from servicebook.communications.models.contacts import ContactChannel
from servicebook.communications.querysets import ProjectScopedQuerySet
from servicebook.core.choices import check_in_choices, check_in_choices_or_blank, choice_colour


class LogKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly service log")
    MONTHLY = "monthly", _("Monthly service log")


class LogStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", pgettext_lazy("status", "Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the client")


LOG_STATUS_COLOURS = {"draft": "grey", "sent": "blue", "acknowledged": "green"}


class ServiceLog(models.Model):
    """A weekly or monthly report to the client: sections drafted from records, then edited.

    Weekly sections: work done, communications, client requests, items waiting for the
    client's confirmation, next period's plan. Monthly adds progress against the plan
    (planned vs done, slippage vs the baseline), deliverables, client feedback, problems.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="service_logs",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LogKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=15, choices=LogStatus.choices, default=LogStatus.DRAFT
    )
    work_done = models.TextField(_("work done"), blank=True)
    communications = models.TextField(_("communications"), blank=True)
    client_requests = models.TextField(_("client requests and issues"), blank=True)
    awaiting_confirmation = models.TextField(_("waiting for the client's confirmation"), blank=True)
    progress = models.TextField(_("progress against the plan"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    client_feedback = models.TextField(_("client feedback"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_plan = models.TextField(_("next period's plan"), blank=True)
    # Figures behind "progress": planned and done lines in the period, slip in working days.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    drafted_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    # Who drafted it; the periodic job drafts on the project lead's behalf (None: no lead).
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_via = models.CharField(
        _("sent by way of"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.CharField(_("acknowledged by (client)"), max_length=50, blank=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service log")
        verbose_name_plural = _("service logs")
        ordering = ["-period_start", "kind", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="servicelog_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "period_start"], name="servicelog_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="servicelog_period_valid",
            ),
            check_in_choices("kind", LogKind, "servicelog_kind_valid"),
            check_in_choices("status", LogStatus, "servicelog_status_valid"),
            check_in_choices_or_blank("sent_via", ContactChannel, "servicelog_sent_via_valid"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(sent_at__isnull=False),
                name="servicelog_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="acknowledged")
                | models.Q(acknowledged_at__isnull=False),
                name="servicelog_acknowledged_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} {self.period_start}"

    @property
    def kind_label(self) -> str:
        return str(LogKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(LogStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(LOG_STATUS_COLOURS, self.status)


class ServiceLogStatusChange(models.Model):
    """One status move of a service log (typed history row): sent, acknowledged."""

    log = models.ForeignKey(
        ServiceLog,
        verbose_name=_("service log"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=15, choices=LogStatus.choices)
    to_status = models.CharField(_("to"), max_length=15, choices=LogStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("service log status change")
        verbose_name_plural = _("service log status changes")
        ordering = ["-at", "-id"]
        constraints = [
            check_in_choices("from_status", LogStatus, "logchange_from_valid"),
            check_in_choices("to_status", LogStatus, "logchange_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.log_id}: {self.from_status} → {self.to_status}"
