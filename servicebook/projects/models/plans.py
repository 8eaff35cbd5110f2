"""The project plan (项目计划书, SPEC §5): versions of a plan and their tasks.

Only drafts exist for now; approval, the client's signature and locking come later,
which is why a project has plan *versions* rather than one plan.
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
