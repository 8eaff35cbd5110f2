"""Work-order pages: my work orders, a project's work orders, one work order and its moves.

Each action view fetches the work order through ``visible_to`` (a hidden one is a 404),
calls one service and redirects; a refused move shows the service's message — beside the
form's field when it came from a form, and a 403 when the person may not make it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.accounts.models import Department
from servicebook.core.actions import run_action
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.filters import ListFilter, build_filters
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.delivery.forms.work_orders import (
    DuePreviewForm,
    WorkOrderAcceptForm,
    WorkOrderAttachForm,
    WorkOrderCancelForm,
    WorkOrderCloseForm,
    WorkOrderFeedbackForm,
    WorkOrderIssueForm,
    WorkOrderSubmitForm,
)
from servicebook.delivery.models import WorkOrder, WorkOrderStatus
from servicebook.delivery.permissions import work_orders as can
from servicebook.delivery.selectors import work_orders as selectors
from servicebook.delivery.services import work_orders as services
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

TAB_LABELS = {
    "waiting": _("Waiting for me"),
    "issued": _("Issued by me"),
    "all": _("All I can see"),
}

# ---------------------------------------------------------------- lists


def work_order_list(request: AuthenticatedRequest) -> HttpResponse:
    """The work orders the user may see: waiting for me (default), issued by me, all."""
    user = request.user
    tab = request.GET.get("tab") if request.GET.get("tab") in selectors.TABS else "waiting"
    departments = selectors.departments()
    page = paginate(request, selectors.work_order_list(user, request.GET))
    context = {
        "page": page,
        "rows": selectors.mark_lateness(page.object_list, timezone.localdate()),
        "tab": tab,
        "tabs": _tabs(selectors.tab_counts(user)),
        "filters": _filters(request, departments),
        "sort": request.GET.get("sort", ""),
    }
    if request.htmx:
        return render(request, "delivery/work_order_list.html#results", context)
    return render(request, "delivery/work_order_list.html", context)


def project_work_orders(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One project's work orders and, for those who may, the form to issue one."""
    project = selectors.work_order_project(request.user, pk)
    if request.htmx:
        return render(
            request,
            "delivery/work_orders_project.html#results",
            _project_context(request, project, issue_form=None, with_form=False),
        )
    return _project_page(request, project)


@require_POST
def work_order_issue_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Issue a work order on this project."""
    project = selectors.work_order_project(request.user, pk)
    on_team = selectors.serves_on_team(request.user, project)
    if not can.can_issue_work_order(request.user, project, on_team=on_team):
        raise Forbidden
    form = WorkOrderIssueForm(
        request.POST, request.FILES, project=project, departments=selectors.departments()
    )
    if form.is_valid():
        try:
            data = dict(form.cleaned_data)
            files = data.pop("attachments")
            work_order = services.work_order_issue(
                actor=request.user, project=project, files=files, **data
            )
        except PermissionDenied as error:
            raise Forbidden(str(error.message)) from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                gettext("Work order %(number)s issued, due %(due)s.")
                % {"number": work_order.number, "due": work_order.due_on.isoformat()},
            )
            return redirect(_url(work_order))
    return _project_page(request, project, issue_form=form, status=400)


@require_GET
def work_order_due_date(request: AuthenticatedRequest) -> HttpResponse:
    """The issue form's due-date preview (HTMX): start and due in working days."""
    form = DuePreviewForm(request.GET)
    context: dict[str, Any] = {"valid": form.is_valid()}
    if form.is_valid():
        today = timezone.localdate()
        asked, days = form.cleaned_data["start_on"], form.cleaned_data["days"]
        start, due = selectors.planned_dates(asked, days, today)
        context.update(
            days=days,
            start=start,
            due=due,
            moved=asked is not None and asked != start,
            past=asked is not None and asked < today,
        )
    return render(request, "delivery/_work_order_due.html", context)


# ---------------------------------------------------------------- one work order


def work_order_detail(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """One work order: brief, facts, rounds and files, history and the moves open to me."""
    return _detail_page(request, selectors.work_order_detail(request.user, pk, wo_pk))


@require_POST
def work_order_accept_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """Accept an issued work order (the assignee, or the receiving manager naming one)."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    form = WorkOrderAcceptForm(request.POST, department_id=work_order.department_id)
    return _act(
        request,
        work_order,
        form,
        "accept",
        lambda data: services.work_order_accept(
            actor=request.user, work_order=work_order, assignee=data.get("assignee")
        ),
        _("Work order accepted."),
    )


@require_POST
def work_order_start_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """The assignee starts the work."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        None,
        "start",
        lambda data: services.work_order_start(actor=request.user, work_order=work_order),
        _("Work started."),
    )


@require_POST
def work_order_submit_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """The assignee hands in the next round with its files."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        WorkOrderSubmitForm(request.POST, request.FILES),
        "submit",
        lambda data: services.work_order_submit(
            actor=request.user, work_order=work_order, note=data["note"], files=data["attachments"]
        ),
        _("Submitted: the round now waits for the client's feedback."),
    )


@require_POST
def work_order_feedback_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """Record the client's feedback on the latest round."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        WorkOrderFeedbackForm(request.POST),
        "feedback",
        lambda data: services.work_order_record_feedback(
            actor=request.user, work_order=work_order, **data
        ),
        _("The client's feedback is recorded."),
    )


@require_POST
def work_order_resume_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """The assignee takes the work up again after a revision request."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        None,
        "resume",
        lambda data: services.work_order_resume(actor=request.user, work_order=work_order),
        _("Back in progress for the revision."),
    )


@require_POST
def work_order_close_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """Close a work order the client approved."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        WorkOrderCloseForm(request.POST),
        "close",
        lambda data: services.work_order_close(actor=request.user, work_order=work_order, **data),
        _("Work order closed as done."),
    )


@require_POST
def work_order_cancel_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """Cancel the work order, saying why."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        WorkOrderCancelForm(request.POST),
        "cancel",
        lambda data: services.work_order_cancel(actor=request.user, work_order=work_order, **data),
        _("Work order cancelled."),
    )


@require_POST
def work_order_attach_view(request: AuthenticatedRequest, pk: int, wo_pk: int) -> HttpResponse:
    """Add a file to the work order's material."""
    work_order = selectors.work_order_detail(request.user, pk, wo_pk)
    return _act(
        request,
        work_order,
        WorkOrderAttachForm(request.POST, request.FILES),
        "attach",
        lambda data: services.work_order_attach(actor=request.user, work_order=work_order, **data),
        _("File added."),
    )


def work_order_file(
    request: AuthenticatedRequest, pk: int, wo_pk: int, file_pk: int
) -> FileResponse:
    """Download one file of a work order the user may see, under its own name."""
    attachment = selectors.work_order_attachment(request.user, pk, wo_pk, file_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


# ---------------------------------------------------------------- helpers


def _act(
    request: AuthenticatedRequest,
    work_order: WorkOrder,
    form: forms.Form | None,
    key: str,
    run: Callable[[dict[str, Any]], object],
    success: Any,
) -> HttpResponse:
    """Run one service with the form's data; redirect, or show the form again with the error."""
    return run_action(
        request,
        form,
        run,
        success=success,
        done=lambda: redirect(_url(work_order)),
        again=lambda bound: _detail_page(request, work_order, bound={key: bound}, status=400),
    )


def _detail_page(
    request: AuthenticatedRequest,
    work_order: WorkOrder,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    selectors.mark_lateness([work_order], timezone.localdate())
    accept_as_manager = can.can_accept(user, work_order) and can.manages_receiving_department(
        user, work_order
    )

    def offered(key: str, allowed: bool, make: Callable[[], forms.Form]) -> forms.Form | None:
        return (bound.get(key) or make()) if allowed else None

    context = {
        "wo": work_order,
        "project": work_order.project,
        "may_see_project": selectors.may_see_project(user, work_order.project_id),
        "history": selectors.work_order_history(work_order),
        "files": selectors.work_order_files(work_order),
        "may_accept": can.can_accept(user, work_order),
        "accept_form": offered(
            "accept",
            accept_as_manager,
            lambda: WorkOrderAcceptForm(
                department_id=work_order.department_id,
                initial={"assignee": work_order.assignee_id},
            ),
        ),
        "may_start": can.can_start(user, work_order),
        "may_resume": can.can_resume(user, work_order),
        "submit_form": offered("submit", can.can_submit(user, work_order), WorkOrderSubmitForm),
        "feedback_form": offered(
            "feedback", can.can_record_feedback(user, work_order), WorkOrderFeedbackForm
        ),
        "close_form": offered("close", can.can_close(user, work_order), WorkOrderCloseForm),
        "cancel_form": offered("cancel", can.can_cancel(user, work_order), WorkOrderCancelForm),
        "attach_form": offered("attach", can.can_attach(user, work_order), WorkOrderAttachForm),
        "failed": next(iter(bound), None),
    }
    return render(request, "delivery/work_order_detail.html", context, status=status)


def _project_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    issue_form: WorkOrderIssueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _project_context(request, project, issue_form=issue_form, with_form=True)
    return render(request, "delivery/work_orders_project.html", context, status=status)


def _project_context(
    request: AuthenticatedRequest,
    project: Project,
    *,
    issue_form: WorkOrderIssueForm | None,
    with_form: bool,
) -> dict[str, Any]:
    user = request.user
    departments = selectors.departments()
    page = paginate(request, selectors.project_work_orders(project, request.GET))
    context: dict[str, Any] = {
        "project": project,
        "page": page,
        "rows": selectors.mark_lateness(page.object_list, timezone.localdate()),
        "filters": _filters(request, departments),
        "sort": request.GET.get("sort", ""),
        "issue_form": None,
    }
    if issue_form is not None:  # a refused issue: show what was typed and why
        context["issue_form"] = issue_form
    elif with_form and project.status == ProjectStatus.ACTIVE:
        on_team = selectors.serves_on_team(user, project)
        if can.can_issue_work_order(user, project, on_team=on_team):
            start, _due = selectors.planned_dates(None, 1, timezone.localdate())
            context["issue_form"] = WorkOrderIssueForm(
                project=project, departments=departments, initial={"start_on": start}
            )
    return context


def _tabs(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"key": key, "label": TAB_LABELS[key], "count": counts[key]} for key in selectors.TABS]


def _filters(request: AuthenticatedRequest, departments: list[Department]) -> list[ListFilter]:
    """Status (or just the open ones), receiving department, overdue."""
    statuses = [("open", str(_("Open")))]
    statuses += [(value, str(label)) for value, label in WorkOrderStatus.choices]
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = [
        ("status", _("Status"), statuses),
        ("department", _("Receiving department"), [(str(d.pk), d.name) for d in departments]),
        ("overdue", _("Due"), [("1", str(_("Overdue only")))]),
    ]
    return build_filters(request.GET, specs)


def _url(work_order: WorkOrder) -> str:
    return reverse("delivery:work_order", args=[work_order.project_id, work_order.pk])
