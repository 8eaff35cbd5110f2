"""Supervision visit pages: the visits log of a project, one visit, closing a follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.delivery.forms.visits import FollowUpFormSet, VisitForm, follow_up_lines
from servicebook.delivery.permissions import visits as can
from servicebook.delivery.selectors import visits as selectors
from servicebook.delivery.selectors.meetings import delivery_project
from servicebook.delivery.services.visits import visit_follow_up_done, visit_log
from servicebook.projects.models import Project

FOLLOW_UP_PREFIX = "follow"


def project_visits(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The visits log: planned visits from the plan, logged visits, follow-ups, the form."""
    return _log_page(request, delivery_project(request.user, pk))


@require_POST
def visit_log_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Log a visit (and the follow-ups it calls for)."""
    project = delivery_project(request.user, pk)
    roles = selectors.project_roles(request.user, project)
    if not can.may_log_visits(request.user, project, roles):
        raise PermissionDenied
    planned = selectors.planned_visits(project, timezone.localdate())
    form = VisitForm(request.POST, planned=planned)
    rows = FollowUpFormSet(
        request.POST,
        prefix=FOLLOW_UP_PREFIX,
        form_kwargs={"owners": list(selectors.follow_up_owners(project))},
    )
    if form.is_valid() and rows.is_valid():
        data = dict(form.cleaned_data)
        task_pk = data.pop("task")
        tasks = {p.task.pk: p.task for p in planned}
        try:
            visit = visit_log(
                actor=request.user,
                project=project,
                task=tasks.get(task_pk) if task_pk else None,
                follow_ups=follow_up_lines(rows),
                **data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Visit logged."))
            return redirect("delivery:visit", project.pk, visit.pk)
    return _log_page(request, project, form=form, rows=rows, planned=planned, status=400)


def visit_detail(request: AuthenticatedRequest, pk: int, visit_pk: int) -> HttpResponse:
    """One visit: what was checked and found, the advice, the follow-ups."""
    project = delivery_project(request.user, pk)
    visit = selectors.visit_detail(project, visit_pk)
    for follow_up in visit.follow_ups.all():
        follow_up.may_complete = can.can_complete_follow_up(request.user, follow_up, project)  # type: ignore[attr-defined]
    context = {"project": project, "visit": visit, "today": timezone.localdate()}
    return render(request, "delivery/visit.html", context)


@require_POST
def follow_up_done_view(request: AuthenticatedRequest, pk: int, follow_up_pk: int) -> HttpResponse:
    """Mark a follow-up done; back to the visit or to the log."""
    project = delivery_project(request.user, pk)
    follow_up = selectors.follow_up_of(project, follow_up_pk)
    if not can.may_complete_follow_up(request.user, follow_up, project):
        raise PermissionDenied
    try:
        visit_follow_up_done(actor=request.user, follow_up=follow_up)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("Follow-up done."))
    if request.POST.get("back") == "visit":
        return redirect("delivery:visit", project.pk, follow_up.visit_id)
    return redirect(reverse("delivery:visits", args=[project.pk]) + "#follow-ups")


def _log_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    form: VisitForm | None = None,
    rows: Any = None,
    planned: list[selectors.PlannedVisit] | None = None,
    status: int = 200,
) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    planned = planned if planned is not None else selectors.planned_visits(project, today)
    may_log = can.may_log_visits(user, project, selectors.project_roles(user, project))
    follow_ups = selectors.open_follow_ups(project)
    for follow_up in follow_ups:
        follow_up.may_complete = can.can_complete_follow_up(user, follow_up, project)  # type: ignore[attr-defined]
    page = paginate(request, selectors.project_visits(project))
    context = {
        "project": project,
        "today": today,
        "planned": planned,
        "counts": _counts(planned, follow_ups),
        "follow_ups": follow_ups,
        "strategy_changes": selectors.strategy_changes(project),
        "page": page,
        "may_log": may_log,
        "form": None,
        "rows": None,
    }
    if may_log:
        context["form"] = form or _blank_form(request, project, planned, today)
        context["rows"] = rows or FollowUpFormSet(
            prefix=FOLLOW_UP_PREFIX,
            form_kwargs={"owners": list(selectors.follow_up_owners(project))},
        )
    return render(request, "delivery/visits.html", context, status=status)


def _blank_form(
    request: AuthenticatedRequest,
    project: Project,
    planned: list[selectors.PlannedVisit],
    today: Any,
) -> VisitForm:
    """Today, the last site visited, and the planned visit asked for (``?task=``) or due."""
    open_ = [p.task for p in planned if p.visit is None]
    asked = request.GET.get("task", "")
    task = next((t for t in open_ if str(t.pk) == asked), None)
    if task is None:  # the latest planned visit whose day has come
        task = next((t for t in reversed(open_) if t.due_on <= today), None)
    initial = {
        "visited_on": today.isoformat(),
        "task": task.pk if task else "",
        "site": selectors.last_site(project),
    }
    return VisitForm(initial=initial, planned=planned)


def _counts(planned: list[selectors.PlannedVisit], follow_ups: list[Any]) -> dict[str, int]:
    states = [p.state for p in planned]
    return {
        "planned": len(planned),
        "logged": states.count(selectors.PlannedVisitState.LOGGED),
        "overdue": states.count(selectors.PlannedVisitState.OVERDUE),
        "open_follow_ups": len(follow_ups),
    }
