"""Who sees client communication (SPEC §11): exactly who may see the project."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicebook.projects.models import Project


class ProjectScopedQuerySet(models.QuerySet):
    """Records of one project: visible exactly when the project is."""

    def visible_to(self, user: Any) -> ProjectScopedQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))


class OptionalProjectQuerySet(models.QuerySet):
    """Records that may belong to a project: with one, as the project; without, their author."""

    def visible_to(self, user: Any) -> OptionalProjectQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        mine = models.Q(project__isnull=True, created_by=user)
        if user.is_general_manager:
            mine = models.Q(project__isnull=True)
        return self.filter(models.Q(project__in=Project.objects.visible_to(user)) | mine)
