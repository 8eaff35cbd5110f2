"""Projects (项目): born from a signed contract; team, plan and delivery come later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices, choice_colour
from servicebook.projects.choices import PROJECT_STATUS_COLOURS, ProjectStatus
from servicebook.projects.querysets import ProjectQuerySet


class Project(models.Model):
    """A client project created by signing its contract."""

    code = models.CharField(_("project no."), max_length=20, unique=True)
    name = models.CharField(_("project name"), max_length=200)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    contract = models.OneToOneField(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="project",
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT
    )
    services = models.ManyToManyField(
        "catalog.ServiceLine", verbose_name=_("services"), related_name="+"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project lead"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        constraints = [check_in_choices("status", ProjectStatus, "project_status_valid")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def status_label(self) -> str:
        return str(ProjectStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(PROJECT_STATUS_COLOURS, self.status)
