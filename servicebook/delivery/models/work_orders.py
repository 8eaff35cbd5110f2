"""Work orders (工作单, SPEC §5): a task handed to a person or a department.

issued → accepted → in progress → submitted → (revision requested → in progress →
submitted)* → client approved → done; cancelled from any open status. Each submission
opens a numbered round; the client's feedback on it closes the round as "revise" or
"approved". Attachments belong to the work order, or to one round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices, choice_colour
from servicebook.delivery.querysets import WorkOrderQuerySet


class WorkOrderStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    CLIENT_APPROVED = "client_approved", _("Approved by the client")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


WORK_ORDER_STATUS_COLOURS = {
    "issued": "blue",
    "accepted": "teal",
    "in_progress": "teal",
    "submitted": "purple",
    "revision_requested": "orange",
    "client_approved": "green",
    "done": "grey",
    "cancelled": "grey",
}
# Statuses in which a work order is still someone's work (counted for due and overdue).
OPEN_WORK_ORDER_STATUSES = (
    WorkOrderStatus.ISSUED,
    WorkOrderStatus.ACCEPTED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.SUBMITTED,
    WorkOrderStatus.REVISION_REQUESTED,
)
# Statuses in which the work is owed by the assignee: late once past the due date. A
# submitted work order waits for the client, so it is not late while it waits.
OWED_WORK_ORDER_STATUSES = tuple(
    s for s in OPEN_WORK_ORDER_STATUSES if s != WorkOrderStatus.SUBMITTED
)


class WorkOrder(models.Model):
    """A piece of work handed over, with a brief and a due date in working days."""

    number = models.CharField(_("work order no."), max_length=20, unique=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    task = models.ForeignKey(
        "projects.PlanTask",
        verbose_name=_("plan task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_orders",
    )
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="issued_work_orders",
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("receiving department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
    )
    days = models.PositiveSmallIntegerField(_("working days"))
    start_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.ISSUED
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="workorder_assignee_idx"),
            models.Index(fields=["department", "status"], name="workorder_department_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("start_on")),
                name="workorder_due_after_start",
            ),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="workorder_days_positive"),
            check_in_choices("status", WorkOrderStatus, "workorder_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_WORK_ORDER_STATUSES

    @property
    def is_owed(self) -> bool:
        """The assignee still owes the work (not submitted, approved, done or cancelled)."""
        return self.status in OWED_WORK_ORDER_STATUSES

    @property
    def status_label(self) -> str:
        return str(WorkOrderStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(WORK_ORDER_STATUS_COLOURS, self.status)


class WorkOrderStatusChange(models.Model):
    """One status move of a work order (typed history row)."""

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=WorkOrderStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=WorkOrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("work order status change")
        verbose_name_plural = _("work order status changes")
        ordering = ["-at", "-id"]
        constraints = [
            check_in_choices("from_status", WorkOrderStatus, "wochange_from_valid"),
            check_in_choices("to_status", WorkOrderStatus, "wochange_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id}: {self.from_status} → {self.to_status}"


class RoundOutcome(models.TextChoices):
    """What the client said about one submission."""

    PENDING = "pending", _("Waiting for the client")
    REVISE = "revise", _("Revision requested")
    APPROVED = "approved", _("Approved by the client")


ROUND_OUTCOME_COLOURS = {"pending": "amber", "revise": "orange", "approved": "green"}


class WorkOrderRound(models.Model):
    """One submission of the work (round 1, 2 …) and the client's feedback on it."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    note = models.TextField(_("what is submitted"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RoundOutcome.choices, default=RoundOutcome.PENDING
    )
    client_feedback = models.TextField(_("client feedback"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("feedback recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback_at = models.DateTimeField(_("feedback recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("revision round")
        verbose_name_plural = _("revision rounds")
        ordering = ["work_order_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["work_order", "number"], name="woround_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="woround_number_positive"
            ),
            check_in_choices("outcome", RoundOutcome, "woround_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} round {self.number}"

    @property
    def outcome_label(self) -> str:
        return str(RoundOutcome(self.outcome).label)

    @property
    def outcome_colour(self) -> str:
        return choice_colour(ROUND_OUTCOME_COLOURS, self.outcome)


class WorkOrderAttachment(models.Model):
    """A file on a work order (the brief's material) or on one round (what was submitted)."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    round = models.ForeignKey(
        WorkOrderRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="work-orders/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["work_order_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
