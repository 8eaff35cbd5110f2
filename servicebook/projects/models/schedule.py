"""The weekly plan's notes (周计划, SPEC §5): the project lead's words on one week."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyNote(models.Model):
    """The project lead's note on one week of a project (the week starts on Monday)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="weekly_notes",
    )
    week_start = models.DateField(_("week of"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("weekly plan note")
        verbose_name_plural = _("weekly plan notes")
        ordering = ["project_id", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "week_start"], name="weeklynote_project_week_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.week_start}"
