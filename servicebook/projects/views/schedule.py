"""The weekly and monthly plans (周计划 / 月度工作计划): per project, per person, and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.projects import schedule_selectors, selectors
from servicebook.projects.models import Project
from servicebook.projects.permissions import can_mark_task_done, can_write_weekly_note
from servicebook.projects.schedule import (
    Period,
    month_of,
    period_from_params,
    week_of,
)
from servicebook.projects.schedule_forms import TaskDoneForm, WeeklyNoteForm
from servicebook.projects.services import (
    plan_task_mark_done,
    plan_task_mark_open,
    weekly_note_save,
)


@dataclass(frozen=True)
class PeriodNav:
    """The links that move a schedule page between periods (keeping the other parameters)."""

    previous: str | None
    next: str | None
    current: str | None
    week: str
    month: str


def _period_nav(request: AuthenticatedRequest, period: Period, today: date) -> PeriodNav:
    kept = {key: value for key in ("person",) if (value := request.GET.get(key))}

    def link(target: Period) -> str:
        return "?" + urlencode({**kept, **target.params})

    this = week_of(today) if period.is_week else month_of(today)
    as_week = week_of(today if period.contains(today) else period.first)
    # A week belongs to the month that holds its Thursday (ISO); a month opens on its first week.
    as_month = month_of(period.first + timedelta(days=3)) if period.is_week else period
    return PeriodNav(
        previous=link(period.previous()) if period.has_previous else None,
        next=link(period.next()) if period.has_next else None,
        current=None if this == period else link(this),
        week=link(as_week),
        month=link(as_month),
    )


def project_schedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A project's week (with the lead's note) or month (with the month's notes), by person."""
    project = selectors.project_detail(request.user, pk)
    period = period_from_params(request.GET, timezone.localdate())
    return _project_page(request, project, period)


def _project_page(
    request: AuthenticatedRequest,
    project: Project,
    period: Period,
    *,
    note_form: WeeklyNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    schedule = schedule_selectors.project_schedule(request.user, project, period, today)
    may_note = period.is_week and can_write_weekly_note(request.user, project)
    if may_note and note_form is None:
        text = schedule.note.text if schedule.note else ""
        note_form = WeeklyNoteForm(initial={"week_start": period.first, "text": text})
    context = {
        "project": project,
        "schedule": schedule,
        "period": period,
        "nav": _period_nav(request, period, today),
        "today": today,
        "note_form": note_form if may_note else None,
    }
    return render(request, "projects/schedule.html", context, status=status)


@require_POST
def weekly_note_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The project lead (or a manager) writes, changes or clears the note on one week."""
    project = selectors.project_detail(request.user, pk)
    if not can_write_weekly_note(request.user, project):
        raise PermissionDenied
    form = WeeklyNoteForm(request.POST)
    if form.is_valid():
        try:
            note = weekly_note_save(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            done = (
                gettext("The weekly note is saved.")
                if note
                else gettext("The weekly note is cleared.")
            )
            messages.success(request, done)
            week = week_of(form.cleaned_data["week_start"])
            return HttpResponseRedirect(_schedule_url(project, week))
    # Back to the week the note was written for, keeping what was typed.
    week = week_of(form.cleaned_data.get("week_start") or timezone.localdate())
    return _project_page(request, project, week, note_form=form, status=400)


def _schedule_url(project: Project, period: Period) -> str:
    return reverse("projects:schedule", args=[project.pk]) + "?" + urlencode(period.params)


@require_POST
def task_done_view(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    """Mark a plan task done (today unless another day is given); dates stay as planned."""
    project = selectors.project_detail(request.user, pk)
    task = selectors.plan_task(project, task_pk)
    if not can_mark_task_done(request.user, project, task.owner_id):
        raise PermissionDenied
    form = TaskDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(request, project)
    try:
        plan_task_mark_done(actor=request.user, task=task, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("“%(task)s” is marked done.") % {"task": task.name})
    return _back(request, project)


@require_POST
def task_reopen_view(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    """Reopen a task marked done by mistake."""
    project = selectors.project_detail(request.user, pk)
    task = selectors.plan_task(project, task_pk)
    if not can_mark_task_done(request.user, project, task.owner_id):
        raise PermissionDenied
    try:
        plan_task_mark_open(actor=request.user, task=task)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("“%(task)s” is open again.") % {"task": task.name})
    return _back(request, project)


def _back(request: AuthenticatedRequest, project: Project) -> HttpResponse:
    """Back to the page the button was on (a local address only), else the project's week."""
    target = request.POST.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe:
        target = reverse("projects:schedule", args=[project.pk])
    return HttpResponseRedirect(target)


def my_schedule(request: AuthenticatedRequest) -> HttpResponse:
    """My tasks of a week or a month across projects; a manager may open their staff's."""
    viewer = request.user
    person = schedule_selectors.schedule_person(viewer, request.GET.get("person"))
    today = timezone.localdate()
    period = period_from_params(request.GET, today)
    context = {
        "person": person,
        "is_me": person.pk == viewer.pk,
        "people": schedule_selectors.schedule_people(viewer),
        "schedule": schedule_selectors.person_schedule(viewer, person, period, today),
        "period": period,
        "nav": _period_nav(request, period, today),
        "today": today,
    }
    return render(request, "projects/schedule_person.html", context)
