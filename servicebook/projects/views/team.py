"""Project pages: the list, one project with its team, and the team's changes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.core.errors import DomainError
from servicebook.core.filters import ListFilter, build_filters
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.projects import selectors
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.forms import ProjectLeadForm, TeamMemberForm
from servicebook.projects.models import Project
from servicebook.projects.permissions import can_manage_team, can_set_project_lead
from servicebook.projects.services import (
    project_set_lead,
    team_member_add,
    team_member_remove,
)


def project_list(request: AuthenticatedRequest) -> HttpResponse:
    """Projects the user may see: search, filters, sorting, pagination."""
    page = paginate(request, selectors.project_list(request.user, request.GET))
    context = {"page": page, "filters": _filters(request), "sort": request.GET.get("sort", "")}
    template = "projects/list.html#results" if request.htmx else "projects/list.html"
    return render(request, template, context)


def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One project: client, contract, services, department, lead, status, team (404 if hidden)."""
    return _detail(request, selectors.project_detail(request.user, pk))


@require_POST
def team_member_add_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Put a person on the team as a primary or backup."""
    project = selectors.project_detail(request.user, pk)
    if not can_manage_team(request.user, project):
        raise PermissionDenied
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        try:
            member = team_member_add(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("%(name)s joined the team.") % _named(member.user))
            return redirect(_team_url(project))
    return _detail(request, project, team_form=form, status=400)


@require_POST
def team_member_remove_view(request: AuthenticatedRequest, pk: int, member_pk: int) -> HttpResponse:
    """Take a person off one role of the team."""
    project = selectors.project_detail(request.user, pk)
    if not can_manage_team(request.user, project):
        raise PermissionDenied
    member = selectors.team_member(project, member_pk)
    try:
        team_member_remove(actor=request.user, project=project, member=member)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("%(name)s left the team.") % _named(member.user))
    return redirect(_team_url(project))


@require_POST
def project_set_lead_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change the project lead (department manager or GM)."""
    project = selectors.project_detail(request.user, pk)
    if not can_set_project_lead(request.user, project):
        raise PermissionDenied
    form = ProjectLeadForm(request.POST)
    if form.is_valid():
        try:
            project_set_lead(actor=request.user, project=project, user=form.cleaned_data["user"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Project lead changed."))
            return redirect(_team_url(project))
    return _detail(request, project, lead_form=form, status=400)


def _detail(
    request: AuthenticatedRequest,
    project: Project,
    *,
    team_form: TeamMemberForm | None = None,
    lead_form: ProjectLeadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_manage = can_manage_team(request.user, project)
    may_set_lead = can_set_project_lead(request.user, project)
    context = {
        "project": project,
        "team": selectors.team_panel(project),
        "may_manage_team": may_manage,
        "may_set_lead": may_set_lead,
        "team_form": (team_form or TeamMemberForm()) if may_manage else None,
        "lead_form": (lead_form or ProjectLeadForm()) if may_set_lead else None,
    }
    return render(request, "projects/detail.html", context, status=status)


def _team_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk]) + "#team"


def _named(user: Any) -> dict[str, str]:
    return {"name": user.display_name}


def _filters(request: AuthenticatedRequest) -> list[ListFilter]:
    """Status for everyone; department for managers."""
    statuses = [(value, str(label)) for value, label in ProjectStatus.choices]
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = [("status", _("Status"), statuses)]
    if request.user.is_manager:
        departments = selectors.list_departments(request.user)
        specs.append(("department", _("Department"), [(str(d.pk), d.name) for d in departments]))
    return build_filters(request.GET, specs)


# The project plan (项目计划书): drafts only for now. The plan's forms live here because
# they are small and used by these views only.
