"""Who sees delivery records (SPEC §11): whoever may see the project, plus the receivers."""

from __future__ import annotations

from typing import Any

from django.db import models

from servicebook.projects.models import Project


class ProjectScopedQuerySet(models.QuerySet):
    """Records that belong to a project: visible exactly when the project is."""

    def visible_to(self, user: Any) -> ProjectScopedQuerySet:
        return self.filter(project__in=Project.objects.visible_to(user))


class WorkOrderQuerySet(models.QuerySet):
    """A work order is seen by whoever sees its project, and by whoever it was handed to.

    Handing a work order to a person (a designer in Creative, say) shares its brief with
    them, and with the manager of the receiving department, without opening the client file.
    """

    def visible_to(self, user: Any) -> WorkOrderQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(
            models.Q(project__in=Project.objects.visible_to(user))
            | models.Q(assignee=user)
            | models.Q(department_id__in=list(user.managed_department_ids))
        )
