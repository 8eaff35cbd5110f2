"""The project plan (项目计划书, SPEC §5): the plan, its tasks, its lifecycle and changes.

A plan is drafted, approved by the department manager, signed by the client and then
locked. Locking freezes version 1 (the baseline) as a snapshot; afterwards dates change
only through a change request approved by the department manager AND the GM, and each
approved change snapshots a new version. Snapshots are never updated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.catalog.models import BilingualName
from servicebook.core.choices import check_in_choices, choice_colour
from servicebook.projects.choices import PLAN_STATUS_COLOURS, PlanStatus, PlanTaskKind


class Plan(models.Model):
    """One version of a project's plan, scheduled from ``start_on``."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    start_on = models.DateField(_("start"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The client's signature (客户签字), recorded by the lead or a manager on its behalf.
    signer_name = models.CharField(_("signed by (client)"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")
        ordering = ["project_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "version"], name="plan_project_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="plan_version_positive"
            ),
            check_in_choices("status", PlanStatus, "plan_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status == PlanStatus.LOCKED

    @property
    def status_label(self) -> str:
        return str(PlanStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(PLAN_STATUS_COLOURS, self.status)


class PlanTask(BilingualName):
    """One line of a plan: a step, a milestone, a client communication or a supervision visit.

    ``phase`` is the code of the service line the line belongs to. Worked from the start
    of ``start_on`` to the end of ``due_on`` (``days`` working days, the start is day 1).
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    key = models.CharField(_("key"), max_length=40)
    position = models.PositiveIntegerField(_("position"), default=0)
    phase = models.CharField(_("phase"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=30, choices=PlanTaskKind.choices, default=PlanTaskKind.TASK
    )
    deliverable = models.ForeignKey(
        "catalog.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    template_step = models.ForeignKey(
        "catalog.TemplateStep",
        verbose_name=_("template step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_tasks",
    )
    days = models.PositiveSmallIntegerField(_("working days"), default=1)
    start_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="dependants",
    )
    is_milestone = models.BooleanField(_("milestone"), default=False)
    # Progress is not a date change: marking a task done is allowed on a locked plan.
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plantask_plan_key_unique"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("start_on")),
                name="plantask_due_after_start",
            ),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="plantask_days_positive"),
            check_in_choices("kind", PlanTaskKind, "plantask_kind_valid"),
        ]

    @property
    def kind_label(self) -> str:
        return str(PlanTaskKind(self.kind).label)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class PlanStatusChange(models.Model):
    """One status move of a plan (typed history row)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan status change")
        verbose_name_plural = _("plan status changes")
        ordering = ["-at", "-id"]
        constraints = [
            check_in_choices("from_status", PlanStatus, "planchange_from_valid"),
            check_in_choices("to_status", PlanStatus, "planchange_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.from_status} → {self.to_status}"


class ChangeRequestStatus(models.TextChoices):
    """A request to change a locked plan's dates waits for two approvals."""

    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CHANGE_REQUEST_STATUS_COLOURS = {
    "pending": "amber",
    "approved": "green",
    "rejected": "red",
    "withdrawn": "grey",
}


class ApprovalRole(models.TextChoices):
    """Whose sign-off a plan change needs (SPEC §5): both, given by two different people."""

    DEPT_MANAGER = "dept_manager", _("Department manager")
    GM = "gm", _("General manager")


class ChangeDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(models.Model):
    """A request to move dates of a locked plan (变更申请): reason, impact, old and new dates."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="change_requests"
    )
    reason = models.TextField(_("reason"))
    impact = models.TextField(_("impact"))
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
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan change request")
        verbose_name_plural = _("plan change requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            check_in_choices("status", ChangeRequestStatus, "changerequest_status_valid")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} CR{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeRequestStatus.PENDING

    @property
    def status_label(self) -> str:
        return str(ChangeRequestStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(CHANGE_REQUEST_STATUS_COLOURS, self.status)


class ChangeRequestItem(models.Model):
    """One task's dates in a change request; the old dates are copied when requested."""

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="+"
    )
    old_start_on = models.DateField(_("old start"))
    old_due_on = models.DateField(_("old due"))
    new_start_on = models.DateField(_("new start"))
    new_due_on = models.DateField(_("new due"))
    new_days = models.PositiveSmallIntegerField(_("new working days"))
    # Not asked for: moved because a task it depends on moves (the dates stay consistent).
    knock_on = models.BooleanField(_("moved with its dependencies"), default=False)

    class Meta:
        verbose_name = _("change request item")
        verbose_name_plural = _("change request items")
        ordering = ["change_request_id", "task__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_request", "task"], name="changeitem_request_task_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(new_due_on__gte=models.F("new_start_on")),
                name="changeitem_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"CR{self.change_request_id} task {self.task_id}"


class ChangeApproval(models.Model):
    """One required sign-off on a change request (role, decision, by whom, when, comment)."""

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="approvals"
    )
    role = models.CharField(_("role"), max_length=20, choices=ApprovalRole.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=ChangeDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("change approval")
        verbose_name_plural = _("change approvals")
        ordering = ["change_request_id", "decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_request", "role"], name="changeapproval_one_per_role"
            ),
            # The two keys are turned by two different people.
            models.UniqueConstraint(
                fields=["change_request", "decided_by"], name="changeapproval_one_per_person"
            ),
            check_in_choices("role", ApprovalRole, "changeapproval_role_valid"),
            check_in_choices("decision", ChangeDecision, "changeapproval_decision_valid"),
        ]

    def __str__(self) -> str:
        return f"CR{self.change_request_id} {self.role}: {self.decision}"

    @property
    def role_label(self) -> str:
        return str(ApprovalRole(self.role).label)

    @property
    def decision_label(self) -> str:
        return str(ChangeDecision(self.decision).label)


class PlanVersion(models.Model):
    """A frozen copy of a locked plan's dates: 1 is the signed baseline, then one per change."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    change_request = models.OneToOneField(
        ChangeRequest,
        verbose_name=_("change request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="version",
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="planversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    @property
    def is_baseline(self) -> bool:
        return self.number == 1


class PlanVersionTask(models.Model):
    """One task's dates in a plan version (a snapshot row, never updated)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(_("key"), max_length=40)
    start_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))

    class Meta:
        verbose_name = _("plan version task")
        verbose_name_plural = _("plan version tasks")
        ordering = ["version_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="planversiontask_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.key}"
