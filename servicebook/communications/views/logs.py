"""Service-log pages: a project's weekly and monthly logs, one log, the managers' overview.

Each view fetches through ``visible_to`` (a hidden project or log is a 404), calls one
service and redirects; a refused move shows the service's message beside the form, and a
person who may see the log but not act on it gets a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.communications import permissions
from servicebook.communications.forms.logs import (
    LogAcknowledgeForm,
    LogDraftForm,
    LogSectionsForm,
    LogSentForm,
    section_label,
)
from servicebook.communications.models import LogKind, ServiceLog
from servicebook.communications.periods import log_period
from servicebook.communications.selectors import logs as selectors
from servicebook.communications.selectors.documents import issued_copies
from servicebook.communications.services import logs as services
from servicebook.core.actions import run_action
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.filters import build_filters
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

# Weekly rows per page on a project's logs page (a year of weeks fits on one).
WEEKLY_ROWS_PER_PAGE = 53

# ---------------------------------------------------------------- a project's logs


def project_logs(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The project's weekly and monthly logs, the periods that owe one, and draft buttons."""
    return _logs_page(request, selectors.log_project(request.user, pk))


@require_POST
def log_draft_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Draft the log of one week or month from the period's records."""
    project = selectors.log_project(request.user, pk)
    if not permissions.speaks_for_agency(request.user, project):
        raise Forbidden
    form = LogDraftForm(request.POST)
    if form.is_valid():
        try:
            log = services.service_log_draft(
                actor=request.user, project=project, **form.cleaned_data
            )
        except PermissionDenied as error:
            raise Forbidden(str(error.message)) from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                gettext("Drafted from the period's records: check it, edit it and send it."),
            )
            return redirect(_url(log))
    return _logs_page(request, project, draft_form=form, status=400)


def _logs_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    draft_form: LogDraftForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    logs = selectors.project_logs(project, today)
    may_write = permissions.speaks_for_agency(request.user, project)
    open_to_drafts = may_write and project.status == ProjectStatus.ACTIVE
    weekly = Paginator(logs.weekly, WEEKLY_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "logs": logs,
        "weekly": weekly,
        "today": today,
        "may_draft": open_to_drafts,
        "quick_drafts": _quick_drafts(logs, today) if open_to_drafts else [],
        "draft_form": draft_form
        or (
            LogDraftForm(initial={"kind": LogKind.WEEKLY, "period_start": today})
            if open_to_drafts
            else None
        ),
    }
    return render(request, "communications/logs.html", context, status=status)


def _quick_drafts(logs: selectors.ProjectLogs, today: date) -> list[dict[str, Any]]:
    """The buttons: last week's, this week's, last month's, this month's — those not drafted."""
    choices = [
        (LogKind.WEEKLY, log_period(LogKind.WEEKLY, today).previous(), _("Draft last week's log")),
        (LogKind.WEEKLY, log_period(LogKind.WEEKLY, today), _("Draft this week's log")),
        (
            LogKind.MONTHLY,
            log_period(LogKind.MONTHLY, today).previous(),
            _("Draft last month's log"),
        ),
        (LogKind.MONTHLY, log_period(LogKind.MONTHLY, today), _("Draft this month's log")),
    ]
    buttons = []
    for kind, period, label in choices:
        row = logs.row(kind, period)
        if row is not None and row.log is not None:
            continue
        if row is None and logs.starts_on is not None and period.last < logs.starts_on:
            continue  # before the plan starts: nothing is owed
        buttons.append({"kind": kind, "period": period, "label": label})
    return buttons


# ---------------------------------------------------------------- one log


def log_detail(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """One log: its sections (a form for the lead while it is a draft), sending, history."""
    return _detail_page(request, selectors.log_detail(request.user, pk, log_pk))


@require_POST
def log_update_view(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """Save the edited sections of a draft."""
    log = selectors.log_detail(request.user, pk, log_pk)
    return _act(
        request,
        log,
        LogSectionsForm(request.POST, log=log),
        "sections",
        lambda data: services.service_log_update(actor=request.user, log=log, **data),
        _("The log is saved."),
    )


@require_POST
def log_redraft_view(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """Draft the sections again from the records (replacing the edits)."""
    log = selectors.log_detail(request.user, pk, log_pk)
    return _act(
        request,
        log,
        None,
        "redraft",
        lambda data: services.service_log_redraft(actor=request.user, log=log),
        _("Drafted again from the latest records."),
    )


@require_POST
def log_mark_sent_view(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """Record that the log was sent to the client (e.g. by fax)."""
    log = selectors.log_detail(request.user, pk, log_pk)
    return _act(
        request,
        log,
        LogSentForm(request.POST),
        "sent",
        lambda data: services.service_log_mark_sent(actor=request.user, log=log, **data),
        _("Recorded as sent."),
    )


@require_POST
def log_acknowledge_view(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """Record the client's acknowledgement of a sent log."""
    log = selectors.log_detail(request.user, pk, log_pk)
    return _act(
        request,
        log,
        LogAcknowledgeForm(request.POST),
        "acknowledge",
        lambda data: services.service_log_acknowledge(actor=request.user, log=log, **data),
        _("The client's acknowledgement is recorded."),
    )


def _act(
    request: AuthenticatedRequest,
    log: ServiceLog,
    form: forms.Form | None,
    key: str,
    run: Callable[[dict[str, Any]], object],
    success: Any,
) -> HttpResponse:
    """Run one service with the form's data; redirect, or show the page again with the error."""
    return run_action(
        request,
        form,
        run,
        success=success,
        done=lambda: redirect(_url(log)),
        again=lambda bound: _detail_page(request, log, bound={key: bound}, status=400),
    )


def _detail_page(
    request: AuthenticatedRequest,
    log: ServiceLog,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user, bound = request.user, bound or {}
    may_edit = permissions.can_edit_log(user, log)

    def offered(key: str, allowed: bool, make: Callable[[], forms.Form]) -> forms.Form | None:
        """The form of a move open to the viewer; a refused one again, with its message."""
        if key in bound:
            return bound[key]
        return make() if allowed else None

    labels = {name: section_label(log.kind, name) for name in services.sections_of(log.kind)}
    context = {
        "log": log,
        "project": log.project,
        "period": log_period(log.kind, log.period_start),
        "standing": selectors.log_standing(log, timezone.localdate()),
        "sections": [(name, labels[name], getattr(log, name)) for name in labels],
        "history": selectors.log_history(log),
        "may_edit": may_edit,
        "sections_form": offered("sections", may_edit, lambda: LogSectionsForm(log=log)),
        "sent_form": offered("sent", permissions.can_mark_sent(user, log), LogSentForm),
        "ack_form": offered(
            "acknowledge", permissions.can_acknowledge(user, log), LogAcknowledgeForm
        ),
        "failed": next(iter(bound), None),
        "document_kind": f"{log.kind}_log",
        "issued": issued_copies([f"{log.kind}_log"], log.pk),
    }
    return render(request, "communications/log.html", context, status=status)


# ---------------------------------------------------------------- the managers' overview


def log_overview(request: AuthenticatedRequest) -> HttpResponse:
    """Active projects × the last weeks and months: sent on time, late or missing."""
    user = request.user
    today = timezone.localdate()
    page = paginate(request, selectors.overview_projects(user, request.GET))
    columns, rows = selectors.overview_rows(list(page.object_list), today)
    departments = selectors.overview_departments(user)
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = []
    if len(departments) > 1:
        specs.append(("department", _("Department"), [(str(d.pk), d.name) for d in departments]))
    context = {
        "page": page,
        "columns": columns,
        "rows": rows,
        "filters": build_filters(request.GET, specs),
        "today": today,
        "flagged": sum(row.flagged for row in rows),
    }
    if request.htmx:
        return render(request, "communications/log_overview.html#results", context)
    return render(request, "communications/log_overview.html", context)


def _url(log: ServiceLog) -> str:
    return reverse("communications:log", args=[log.project_id, log.pk])
