"""The project plan's pages: the draft, its lifecycle, change requests and versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.accounts.models import User
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.workdays import next_working_day
from servicebook.projects import selectors
from servicebook.projects.approvals import (
    Decision,
    approval_role_for,
    can_approve_plan,
    can_record_signature,
    can_request_change,
)
from servicebook.projects.choices import PlanStatus
from servicebook.projects.forms import (
    ChangeDecisionForm,
    ChangeRequestForm,
    PlanGenerateForm,
    PlanSignForm,
    PlanTaskForm,
)
from servicebook.projects.models import Plan, Project
from servicebook.projects.permissions import can_manage_team, can_mark_task_done
from servicebook.projects.schedule import is_overdue
from servicebook.projects.services import (
    change_request_create,
    change_request_decide,
    change_request_withdraw,
    plan_approve,
    plan_generate,
    plan_reopen,
    plan_sign,
    plan_task_update,
)


def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The project's plan grouped by phase, with the forms to draft and edit it."""
    return _plan_page(request, selectors.project_detail(request.user, pk))


@require_POST
def plan_generate_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Draft the plan from the project's services."""
    project = selectors.project_detail(request.user, pk)
    if not can_manage_team(request.user, project):
        raise PermissionDenied
    form = PlanGenerateForm(request.POST)
    if form.is_valid():
        try:
            plan_generate(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("The draft plan is ready."))
            return redirect("projects:plan", project.pk)
    return _plan_page(request, project, generate_form=form, status=400)


@require_POST
def plan_task_update_view(request: AuthenticatedRequest, pk: int, task_pk: int) -> HttpResponse:
    """Change one draft task's owner, start and working days."""
    project = selectors.project_detail(request.user, pk)
    if not can_manage_team(request.user, project):
        raise PermissionDenied
    task = selectors.plan_task(project, task_pk)
    form = PlanTaskForm(request.POST, project=project)
    if form.is_valid():
        try:
            plan_task_update(actor=request.user, task=task, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Task updated."))
            return redirect(reverse("projects:plan", args=[project.pk]) + f"#task-{task.pk}")
    return _plan_page(request, project, task_form=form, task_pk=task.pk, status=400)


def _plan_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    generate_form: PlanGenerateForm | None = None,
    task_form: PlanTaskForm | None = None,
    task_pk: int | None = None,
    lifecycle_forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_manage = can_manage_team(request.user, project)
    plan = selectors.project_plan(project)
    may_edit = may_manage and plan is not None and plan.is_draft
    if generate_form is None and may_manage and plan is None:
        start = next_working_day(timezone.localdate() + timedelta(days=1))
        generate_form = PlanGenerateForm(initial={"start_on": start.isoformat()})
    phases = selectors.plan_phases(project, plan) if plan else []
    today = timezone.localdate()
    for task in (task for phase in phases for task in phase.tasks):
        task.may_mark = can_mark_task_done(request.user, project, task.owner_id)  # type: ignore[attr-defined]
        task.overdue = is_overdue(task.due_on, task.done_on, today)  # type: ignore[attr-defined]
    context = {
        "today": today,
        "project": project,
        "plan": plan,
        "phases": phases,
        "may_edit_plan": may_edit,
        "owners": list(selectors.plan_owner_choices(project)) if may_edit else [],
        "generate_form": generate_form if may_manage and plan is None else None,
        "task_form": task_form,
        "task_pk": task_pk,
        **_lifecycle_context(request.user, project, plan, phases, lifecycle_forms or {}),
    }
    return render(request, "projects/plan.html", context, status=status)


def _lifecycle_context(
    user: User,
    project: Project,
    plan: Plan | None,
    phases: list[selectors.PlanPhase],
    forms_: dict[str, forms.Form],
) -> dict[str, Any]:
    """The approve / sign / change-request parts of the plan page (no queries before locking)."""
    if plan is None:
        return {}
    status = plan.status
    context: dict[str, Any] = {
        "may_approve_plan": status == PlanStatus.DRAFT and can_approve_plan(user, project),
        "may_reopen_plan": status == PlanStatus.APPROVED and can_record_signature(user, project),
        "sign_form": None,
        "change_form": None,
        "slippage": None,
        "versions": [],
        "change_requests": [],
        "decision_form": forms_.get("decision"),
        "decision_pk": forms_.get("decision_pk"),
    }
    if status == PlanStatus.APPROVED and can_record_signature(user, project):
        context["sign_form"] = forms_.get("sign") or PlanSignForm(
            initial={"signed_on": timezone.localdate().isoformat()}
        )
    if status != PlanStatus.LOCKED:
        return context
    tasks = [task for phase in phases for task in phase.tasks]
    if can_request_change(user, project):
        context["change_form"] = forms_.get("change") or ChangeRequestForm(tasks=tasks)
    requests = selectors.plan_change_requests(plan)
    for change in requests:
        decided = [Decision(a.role, a.decided_by_id, a.decision) for a in change.approvals.all()]
        change.may_decide = change.is_pending and bool(  # type: ignore[attr-defined]
            approval_role_for(user, project, decided)
        )
        change.may_withdraw = change.is_pending and change.requested_by_id == user.pk  # type: ignore[attr-defined]
    slippage = selectors.plan_slippage(plan, tasks)
    for task in tasks:
        slip = slippage.for_key(task.key)
        task.slip = slip.days if slip else None  # type: ignore[attr-defined]
    context.update(
        slippage=slippage,
        versions=selectors.plan_versions(plan),
        change_requests=requests,
    )
    return context


# The plan's lifecycle (SPEC §5): approve, record the client's signature (which locks the
# plan), request date changes and decide on them, compare versions with the baseline.


def _plan_of(project: Project) -> Plan:
    plan = selectors.project_plan(project)
    if plan is None:
        raise Http404
    return plan


def _to_plan(project: Project, anchor: str = "") -> HttpResponse:
    return redirect(reverse("projects:plan", args=[project.pk]) + anchor)


@require_POST
def plan_approve_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The department manager (or the GM) approves the draft plan."""
    return _plan_move(request, pk, can_approve_plan, plan_approve, gettext("The plan is approved."))


@require_POST
def plan_reopen_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Back to draft to edit an approved plan before the client signs."""
    return _plan_move(
        request, pk, can_record_signature, plan_reopen, gettext("The plan is a draft again.")
    )


def _plan_move(
    request: AuthenticatedRequest,
    pk: int,
    allowed: Callable[[User, Project], bool],
    move: Callable[..., Plan],
    done: str,
) -> HttpResponse:
    """One move of the plan's lifecycle from a page: check, call the service, report."""
    project = selectors.project_detail(request.user, pk)
    if not allowed(request.user, project):
        raise PermissionDenied
    try:
        move(actor=request.user, plan=_plan_of(project))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return _to_plan(project)


@require_POST
def plan_sign_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the client's signature: the plan locks and version 1 becomes the baseline."""
    project = selectors.project_detail(request.user, pk)
    if not can_record_signature(request.user, project):
        raise PermissionDenied
    form = PlanSignForm(request.POST)
    if form.is_valid():
        try:
            plan_sign(actor=request.user, plan=_plan_of(project), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, gettext("The client's signature is recorded; the plan is locked.")
            )
            return _to_plan(project)
    return _plan_page(request, project, lifecycle_forms={"sign": form}, status=400)


@require_POST
def change_request_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask to move tasks of the locked plan."""
    project = selectors.project_detail(request.user, pk)
    if not can_request_change(request.user, project):
        raise PermissionDenied
    plan = _plan_of(project)
    tasks = [t for phase in selectors.plan_phases(project, plan) for t in phase.tasks]
    form = ChangeRequestForm(request.POST, tasks=tasks)
    if form.is_valid():
        data = form.cleaned_data
        items = [(form.task_rows[pk_], data["new_start_on"], data["days"]) for pk_ in data["tasks"]]
        try:
            change_request_create(
                actor=request.user,
                plan=plan,
                reason=data["reason"],
                impact=data["impact"],
                items=items,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("The change request is waiting for approval."))
            return _to_plan(project, "#changes")
    return _plan_page(request, project, lifecycle_forms={"change": form}, status=400)


@require_POST
def change_request_decide_view(request: AuthenticatedRequest, pk: int, cr_pk: int) -> HttpResponse:
    """The department manager or the GM approves or rejects a change request."""
    project = selectors.project_detail(request.user, pk)
    change = selectors.change_request(_plan_of(project), cr_pk)
    form = ChangeDecisionForm(request.POST)
    if form.is_valid():
        try:
            change_request_decide(actor=request.user, change_request=change, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Your decision is recorded."))
            return _to_plan(project, "#changes")
    forms_ = {"decision": form, "decision_pk": change.pk}
    return _plan_page(request, project, lifecycle_forms=forms_, status=400)


@require_POST
def change_request_withdraw_view(
    request: AuthenticatedRequest, pk: int, cr_pk: int
) -> HttpResponse:
    """Whoever asked withdraws a pending change request."""
    project = selectors.project_detail(request.user, pk)
    change = selectors.change_request(_plan_of(project), cr_pk)
    try:
        change_request_withdraw(actor=request.user, change_request=change)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("The change request is withdrawn."))
    return _to_plan(project, "#changes")


def plan_version_detail(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    """One kept version of the plan next to the baseline (version 1)."""
    project = selectors.project_detail(request.user, pk)
    plan = _plan_of(project)
    version = selectors.plan_version(plan, number)
    context = {
        "project": project,
        "plan": plan,
        "version": version,
        "rows": selectors.plan_version_comparison(plan, version),
        "versions": selectors.plan_versions(plan),
    }
    return render(request, "projects/change_request_version.html", context)
