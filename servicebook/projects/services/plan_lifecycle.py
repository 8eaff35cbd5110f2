"""The plan's lifecycle and its change requests (SPEC §5).

draft → approved (department manager or GM) → signed (the client) → locked, the last two
in one transaction that freezes version 1, the baseline. A locked plan's dates change only
through a change request approved by the department manager AND the GM (two different
people); the second approval applies the dates and snapshots the next version.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.approvals import (
    Decision,
    approval_role_for,
    can_approve_plan,
    can_record_signature,
    can_request_change,
    outcome,
)
from servicebook.projects.choices import PlanStatus
from servicebook.projects.models import (
    ChangeApproval,
    ChangeDecision,
    ChangeRequest,
    ChangeRequestItem,
    ChangeRequestStatus,
    Plan,
    PlanStatusChange,
    PlanTask,
    PlanVersion,
    PlanVersionTask,
)
from servicebook.projects.planning import reschedule
from servicebook.projects.services.plans import calendar_for_lines, plan_lines
from servicebook.projects.workflows import CHANGE_REQUEST_WORKFLOW, PLAN_WORKFLOW

# (task, new start, new working days)
ChangeLine = tuple[PlanTask, date, int]


@transaction.atomic
def plan_approve(*, actor: User, plan: Plan, note: str = "") -> Plan:
    """The department manager of the project's department (or the GM) approves a draft."""
    locked = _locked_plan(plan)
    if not can_approve_plan(actor, locked.project):
        raise PermissionDenied(_("Only the department manager or the GM approves the plan."))
    _transition(locked, PlanStatus.APPROVED, actor=actor, note=note)
    return locked


@transaction.atomic
def plan_reopen(*, actor: User, plan: Plan, note: str = "") -> Plan:
    """Back to draft for editing before the client signs; the approval is void."""
    locked = _locked_plan(plan)
    if not can_record_signature(actor, locked.project):
        raise PermissionDenied(_("You may not change this project's plan."))
    _transition(locked, PlanStatus.DRAFT, actor=actor, note=note)
    return locked


@transaction.atomic
def plan_sign(
    *, actor: User, plan: Plan, signer_name: str, signed_on: date, note: str = ""
) -> Plan:
    """Record the client's signature, lock the plan and freeze version 1 (the baseline).

    Recorded by the project lead or a manager on the client's behalf.
    """
    locked = _locked_plan(plan)
    if not can_record_signature(actor, locked.project):
        raise PermissionDenied(_("You may not record the client's signature on this plan."))
    signer_name = signer_name.strip()
    if not signer_name:
        raise DomainError(_("Who signed for the client?"), field="signer_name")
    if signed_on > timezone.localdate():
        raise DomainError(_("The signature date cannot be in the future."), field="signed_on")
    locked.signer_name = signer_name
    locked.signed_on = signed_on
    _transition(
        locked, PlanStatus.SIGNED, actor=actor, note=note, fields=("signer_name", "signed_on")
    )
    _transition(locked, PlanStatus.LOCKED, actor=actor)
    _snapshot(locked, number=1, change_request=None)
    return locked


@transaction.atomic
def change_request_create(
    *, actor: User, plan: Plan, reason: str, impact: str, items: Sequence[ChangeLine]
) -> ChangeRequest:
    """Ask to move tasks of a locked plan; the old dates are copied now, due dates computed.

    The tasks that depend on a moved task come along as far as needed (``knock_on``
    items), so the approvers see every date the change moves.
    """
    locked = _locked_plan(plan)
    if not can_request_change(actor, locked.project):
        raise PermissionDenied(_("You may not request a change to this plan."))
    if locked.status != PlanStatus.LOCKED:
        raise DomainError(_("Only a locked plan takes change requests; edit the draft instead."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the change."), field="reason")
    if not impact.strip():
        raise DomainError(_("Describe the impact of the change."), field="impact")
    if not items:
        raise DomainError(_("Choose at least one task to move."), field="tasks")
    ids = [task.pk for task, _start, _days in items]
    if len(set(ids)) != len(ids):
        raise DomainError(_("Each task may appear once."), field="tasks")
    if any(days < 1 for _task, _start, days in items):
        raise DomainError(_("A task lasts at least one working day."), field="days")
    rows, lines = plan_lines(locked)
    by_id = {row.pk: row for row in rows.values()}
    if any(task.pk not in by_id for task, _start, _days in items):
        raise DomainError(_("The tasks must belong to this plan."), field="tasks")
    asked = {by_id[task.pk].key: (start, days) for task, start, days in items}
    first = min(start for _task, start, _days in items)
    moved = reschedule(lines, asked, calendar_for_lines(lines, first))
    if not moved:
        raise DomainError(_("The new dates are the same as the current ones."))
    request = ChangeRequest.objects.create(
        plan=locked, reason=reason.strip(), impact=impact.strip(), requested_by=actor
    )
    ChangeRequestItem.objects.bulk_create(
        ChangeRequestItem(
            change_request=request,
            task=rows[key],
            old_start_on=rows[key].start_on,
            old_due_on=rows[key].due_on,
            new_start_on=new.start,
            new_due_on=new.due,
            new_days=new.days,
            knock_on=key not in asked,
        )
        for key, new in moved.items()
    )
    return request


@transaction.atomic
def change_request_decide(
    *, actor: User, change_request: ChangeRequest, decision: str, comment: str = ""
) -> ChangeRequest:
    """Record the actor's sign-off; a rejection ends the request, the second approval applies it.

    The request row is locked first, so two second approvals at once apply the dates once.
    """
    request = _locked_request(change_request)
    CHANGE_REQUEST_WORKFLOW.check(request.status, ChangeRequestStatus.APPROVED)
    if decision not in ChangeDecision.values:
        raise DomainError(_("Approve or reject."), field="decision")
    if decision == ChangeDecision.REJECTED and not comment.strip():
        raise DomainError(_("Say why the change is rejected."), field="comment")
    decisions = [Decision(a.role, a.decided_by_id, a.decision) for a in request.approvals.all()]
    role = approval_role_for(actor, request.plan.project, decisions)
    if role is None:
        if any(d.decided_by_id == actor.pk for d in decisions):
            raise PermissionDenied(_("You have already decided on this change request."))
        raise PermissionDenied(
            _("Only the department manager and the GM approve plan changes, one each.")
        )
    ChangeApproval.objects.create(
        change_request=request,
        role=role,
        decision=decision,
        decided_by=actor,
        comment=comment.strip(),
    )
    result = outcome([*decisions, Decision(role, actor.pk, decision)])
    if result == ChangeRequestStatus.APPROVED:
        _apply(request)
    if result != ChangeRequestStatus.PENDING:
        _close(request, result)
    return request


@transaction.atomic
def change_request_withdraw(*, actor: User, change_request: ChangeRequest) -> ChangeRequest:
    """Whoever asked withdraws a pending request."""
    request = _locked_request(change_request)
    if request.requested_by_id != actor.pk:
        raise PermissionDenied(_("Only whoever asked may withdraw the change request."))
    CHANGE_REQUEST_WORKFLOW.check(request.status, ChangeRequestStatus.WITHDRAWN)
    _close(request, ChangeRequestStatus.WITHDRAWN)
    return request


def _transition(
    plan: Plan, target: str, *, actor: User, note: str = "", fields: Sequence[str] = ()
) -> PlanStatusChange:
    """Move a locked plan row to ``target`` if the table allows it, and record the move.

    The only code that writes ``Plan.status``; ``fields`` are saved with it.
    """
    PLAN_WORKFLOW.check(plan.status, target)
    change = PlanStatusChange.objects.create(
        plan=plan, from_status=plan.status, to_status=target, actor=actor, note=note
    )
    plan.status = target
    plan.save(update_fields=["status", *fields])
    return change


def _close(request: ChangeRequest, target: str) -> None:
    """The only code that writes ``ChangeRequest.status``."""
    CHANGE_REQUEST_WORKFLOW.check(request.status, target)
    request.status = target
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])


def _apply(request: ChangeRequest) -> None:
    """Move the tasks to their new dates and snapshot the next version (plan row locked)."""
    plan = Plan.objects.select_for_update().get(pk=request.plan_id)
    if plan.status != PlanStatus.LOCKED:
        raise DomainError(_("The plan is no longer locked."))
    items = list(request.items.select_related("task"))
    if any((i.task.start_on, i.task.due_on) != (i.old_start_on, i.old_due_on) for i in items):
        raise DomainError(
            _(
                "The plan has changed since this request was made. "
                "Withdraw it and ask again with the current dates."
            )
        )
    for item in items:
        item.task.start_on = item.new_start_on
        item.task.due_on = item.new_due_on
        item.task.days = item.new_days
    PlanTask.objects.bulk_update([i.task for i in items], ["start_on", "due_on", "days"])
    last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    _snapshot(plan, number=(last.number if last else 0) + 1, change_request=request)


def _snapshot(plan: Plan, *, number: int, change_request: ChangeRequest | None) -> PlanVersion:
    """Copy every task's current dates into version ``number`` (two inserts)."""
    version = PlanVersion.objects.create(plan=plan, number=number, change_request=change_request)
    PlanVersionTask.objects.bulk_create(
        PlanVersionTask(version=version, key=key, start_on=start, due_on=due)
        for key, start, due in PlanTask.objects.filter(plan=plan)
        .order_by("position", "id")
        .values_list("key", "start_on", "due_on")
    )
    return version


def _locked_plan(plan: Plan) -> Plan:
    """The plan row, locked for the rest of the transaction, with its project loaded."""
    return Plan.objects.select_for_update(of=("self",)).select_related("project").get(pk=plan.pk)


def _locked_request(request: ChangeRequest) -> ChangeRequest:
    """The change request row, locked, with its plan and project loaded."""
    return (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("plan__project")
        .get(pk=request.pk)
    )
