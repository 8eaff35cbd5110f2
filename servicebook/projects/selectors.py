"""Read models of projects for pages; all scoped through visible_to."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from servicebook.accounts.models import Department, User
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

SORTS = {
    "created": ("-created_at", "-id"),
    "-created": ("created_at", "id"),
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
}


def project_list(user: User, params: Any) -> QuerySet[Project]:
    """Projects the user may see, searched (code, name, client), filtered and sorted."""
    projects = Project.objects.visible_to(user).select_related("client", "department", "lead")
    if text := (params.get("q") or "").strip():
        for word in text.split():
            projects = projects.filter(
                Q(code__icontains=word)
                | Q(name__icontains=word)
                | Q(client__legal_name__icontains=word)
                | Q(client__short_name__icontains=word)
            )
    if (status := params.get("status")) in ProjectStatus.values:
        projects = projects.filter(status=status)
    if (department := params.get("department") or "").isdigit():
        projects = projects.filter(department_id=int(department))
    return projects.order_by(*SORTS.get(params.get("sort") or "", SORTS["created"]))


def list_departments(user: User) -> list[Department]:
    """Departments a manager may filter by (all for the GM); none for other staff."""
    if user.is_general_manager:
        return list(Department.objects.all())
    return list(Department.objects.filter(pk__in=user.managed_department_ids))


def project_detail(user: User, pk: int) -> Project:
    """One project the user may see, with its client, contract and services (404 otherwise)."""
    return get_object_or_404(
        Project.objects.visible_to(user)
        .select_related("client", "client__owner", "contract", "department", "lead")
        .prefetch_related("services"),
        pk=pk,
    )
