"""Project pages: the list and one project (team and plan come with project planning)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.clients.views.filters import ListFilter
from servicebook.core.pagination import paginate
from servicebook.projects import selectors
from servicebook.projects.choices import ProjectStatus


def project_list(request: AuthenticatedRequest) -> HttpResponse:
    """Projects the user may see: search, filters, sorting, pagination."""
    page = paginate(request, selectors.project_list(request.user, request.GET))
    context = {"page": page, "filters": _filters(request), "sort": request.GET.get("sort", "")}
    template = "projects/list.html#results" if request.htmx else "projects/list.html"
    return render(request, template, context)


def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One project: client, contract, services, department, lead, status (404 if hidden)."""
    project = selectors.project_detail(request.user, pk)
    return render(request, "projects/detail.html", {"project": project})


def _filters(request: AuthenticatedRequest) -> list[ListFilter]:
    """Status for everyone; department for managers."""
    statuses = [(value, str(label)) for value, label in ProjectStatus.choices]
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = [("status", _("Status"), statuses)]
    if request.user.is_manager:
        departments = selectors.list_departments(request.user)
        specs.append(("department", _("Department"), [(str(d.pk), d.name) for d in departments]))
    return [ListFilter(n, label, opts, request.GET.get(n, "")) for n, label, opts in specs]
