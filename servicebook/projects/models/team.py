"""The project team (成立项目小组, SPEC §5): people on project roles, primary or backup."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from servicebook.core.choices import check_in_choices
from servicebook.projects.choices import ProjectRole


class TeamMember(models.Model):
    """One person on one project role, as the primary or the backup (人员交叉).

    The project role is separate from the person's job role: a designer can be the
    project's backup AP. At most ``primary_count(role)`` primaries per role is checked by
    ``team_member_add`` under the project's row lock (the count differs by role).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="team",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="project_posts",
    )
    role = models.CharField(_("project role"), max_length=30, choices=ProjectRole.choices)
    is_backup = models.BooleanField(pgettext_lazy("team post", "backup"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["project_id", "role", "is_backup", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role", "user"], name="teammember_project_role_user_unique"
            ),
            check_in_choices("role", ProjectRole, "teammember_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.role_label}: {self.user}"

    @property
    def role_label(self) -> str:
        return str(ProjectRole(self.role).label)
