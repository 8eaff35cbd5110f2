"""Every way a work order (工作单, SPEC §5) changes: one service per business event.

issued → accepted → in progress → submitted → revision requested → in progress … →
approved by the client → done; cancelled while nobody waits on the client. Each service is
one transaction: it locks the work order, checks the transition table
(``WORK_ORDER_WORKFLOW``) and who may make the move (``permissions.work_orders``), writes
through the one private ``_transition`` (the only writer of ``WorkOrder.status``, which
records a ``WorkOrderStatusChange``) and tells people after the commit.

Files are checked and stored in one place, ``work_order_files.store_attachment``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import Department, NotificationKind, User
from servicebook.accounts.services import notify
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.sequences import next_number
from servicebook.delivery.models import (
    RoundOutcome,
    WorkOrder,
    WorkOrderAttachment,
    WorkOrderRound,
    WorkOrderStatus,
    WorkOrderStatusChange,
)
from servicebook.delivery.permissions import work_orders as can
from servicebook.delivery.selectors.work_orders import planned_dates, serves_on_team
from servicebook.delivery.services.work_order_files import check_uploads, store_attachment
from servicebook.delivery.workflows import WORK_ORDER_WORKFLOW
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import PlanTask, Project

WORK_ORDER_SERIES = "GD"
MAX_DAYS = 365

# ---------------------------------------------------------------- handing work over


@transaction.atomic
def work_order_issue(
    *,
    actor: User,
    project: Project,
    title: str,
    brief: str,
    department: Department,
    assignee: User | None = None,
    days: int,
    start_on: date | None = None,
    task: PlanTask | None = None,
    files: Sequence[UploadedFile] = (),
) -> WorkOrder:
    """Hand a piece of work to a person or a department: ``GD-YYYY-NNNN``, issued.

    Issued by the project lead, a team member, a manager of the project's department or the
    GM, on an active project. The work starts on ``start_on`` (by default the next working
    day; moved to a working day) and is due ``days`` working days later, the start counting
    as day 1. An assignee must be active staff of the receiving department; a plan task
    must belong to this project. The assignee — or, without one, the receiving department's
    manager — is told after the commit. ``files`` are the brief's material.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can.can_issue_work_order(actor, locked, on_team=serves_on_team(actor, locked)):
        raise PermissionDenied(
            _("Only the project lead, the team or the department manager can issue work orders.")
        )
    if locked.status != ProjectStatus.ACTIVE:
        raise DomainError(_("This project is closed: no new work orders."))
    title, brief = _required(title, "title"), _required(brief, "brief")
    if assignee is not None:
        _check_assignee(assignee, department)
    if task is not None and task.plan.project_id != locked.pk:
        raise DomainError(_("Choose a task of this project's plan."), field="task")
    start, due = _schedule(start_on, days)
    check_uploads(files, field="attachments")
    year = timezone.localdate().year
    work_order = WorkOrder.objects.create(
        number=f"{WORK_ORDER_SERIES}-{year}-{next_number(WORK_ORDER_SERIES, year):04d}",
        project=locked,
        task=task,
        title=title,
        brief=brief,
        issued_by=actor,
        department=department,
        assignee=assignee,
        days=days,
        start_on=start,
        due_on=due,
    )
    for upload in files:
        store_attachment(work_order, upload, actor=actor, field="attachments")
    _tell_receiver(work_order, actor)
    return work_order


@transaction.atomic
def work_order_accept(
    *, actor: User, work_order: WorkOrder, assignee: User | None = None
) -> WorkOrder:
    """Take on an issued work order.

    The assignee accepts it for themselves; the receiving department's manager (or the GM)
    accepts it for the department, naming who does it — required when nobody is named yet,
    and they may hand it to someone else of the department. A newly named assignee is told.
    """
    locked = _locked(work_order)
    WORK_ORDER_WORKFLOW.check(locked.status, WorkOrderStatus.ACCEPTED)
    if can.manages_receiving_department(actor, locked):
        chosen = assignee or locked.assignee
        if chosen is None:
            raise DomainError(
                _("Name the person in %(department)s who will do this work.")
                % {"department": locked.department.name},
                field="assignee",
            )
        _check_assignee(chosen, locked.department)
    elif can.is_assignee(actor, locked):
        if assignee is not None and assignee.pk != actor.pk:
            raise PermissionDenied(
                _("Only the department manager can hand the work to someone else.")
            )
        chosen = actor
    else:
        raise PermissionDenied(
            _("Only the assignee or the manager of %(department)s can accept this work order.")
            % {"department": locked.department.name}
        )
    newly_named = chosen.pk != locked.assignee_id
    locked.assignee = chosen
    _transition(locked, WorkOrderStatus.ACCEPTED, actor=actor, fields=["assignee"])
    if newly_named and chosen.pk != actor.pk:
        _notify([chosen], NotificationKind.WORK_ORDER_ASSIGNED, locked, actor)
    return locked


# ---------------------------------------------------------------- the assignee's work


@transaction.atomic
def work_order_start(*, actor: User, work_order: WorkOrder) -> WorkOrder:
    """The assignee starts on an accepted work order."""
    locked = _locked(work_order)
    WORK_ORDER_WORKFLOW.check(locked.status, WorkOrderStatus.IN_PROGRESS)
    if locked.status != WorkOrderStatus.ACCEPTED:  # revision requested: that is resuming
        raise DomainError(_("Only an accepted work order can be started."))
    _check_assignee_acts(actor, locked)
    _transition(locked, WorkOrderStatus.IN_PROGRESS, actor=actor)
    return locked


@transaction.atomic
def work_order_submit(
    *, actor: User, work_order: WorkOrder, note: str, files: Sequence[UploadedFile] = ()
) -> WorkOrderRound:
    """The assignee hands in the work: round N+1 opens, waiting for the client's feedback.

    Say what is submitted, attach it, or both; the files belong to the round. The issuer is
    told after the commit.
    """
    locked = _locked(work_order)
    WORK_ORDER_WORKFLOW.check(locked.status, WorkOrderStatus.SUBMITTED)
    _check_assignee_acts(actor, locked)
    note = (note or "").strip()
    if not note and not files:
        raise DomainError(_("Say what you are submitting or attach the files."), field="note")
    check_uploads(files, field="attachments")
    last = WorkOrderRound.objects.filter(work_order=locked).aggregate(n=Max("number"))["n"]
    round_ = WorkOrderRound.objects.create(
        work_order=locked, number=(last or 0) + 1, submitted_by=actor, note=note
    )
    for upload in files:
        store_attachment(locked, upload, actor=actor, round_=round_, field="attachments")
    _transition(locked, WorkOrderStatus.SUBMITTED, actor=actor, note=note)
    _notify(
        [locked.issued_by],
        NotificationKind.WORK_ORDER_SUBMITTED,
        locked,
        actor,
        round=round_.number,
    )
    return round_


@transaction.atomic
def work_order_resume(*, actor: User, work_order: WorkOrder) -> WorkOrder:
    """The assignee takes the work up again after the client asked for a revision."""
    locked = _locked(work_order)
    WORK_ORDER_WORKFLOW.check(locked.status, WorkOrderStatus.IN_PROGRESS)
    if locked.status != WorkOrderStatus.REVISION_REQUESTED:  # accepted: that is starting
        raise DomainError(_("Only a work order sent back for revision can be resumed."))
    _check_assignee_acts(actor, locked)
    _transition(locked, WorkOrderStatus.IN_PROGRESS, actor=actor)
    return locked


# ---------------------------------------------------------------- the client's side


@transaction.atomic
def work_order_record_feedback(
    *, actor: User, work_order: WorkOrder, outcome: str, feedback: str
) -> WorkOrderRound:
    """Record what the client said about the latest round: "revise" or "approved".

    The issuer, the project lead or a manager relays it; a revision needs the client's
    feedback in words. The assignee is told after the commit.
    """
    locked = _locked(work_order)
    if outcome not in (RoundOutcome.REVISE, RoundOutcome.APPROVED):
        raise DomainError(
            _("Choose whether the client approved it or asked for a revision."), field="outcome"
        )
    target = (
        WorkOrderStatus.REVISION_REQUESTED
        if outcome == RoundOutcome.REVISE
        else WorkOrderStatus.CLIENT_APPROVED
    )
    WORK_ORDER_WORKFLOW.check(locked.status, target)
    _check_speaks_for_client(actor, locked)
    feedback = (feedback or "").strip()
    if outcome == RoundOutcome.REVISE and not feedback:
        raise DomainError(_("Write down what the client wants changed."), field="feedback")
    round_ = WorkOrderRound.objects.filter(work_order=locked).order_by("-number").first()
    if round_ is None or round_.outcome != RoundOutcome.PENDING:
        raise DomainError(_("No round of this work order is waiting for the client's feedback."))
    round_.outcome, round_.client_feedback = outcome, feedback
    round_.feedback_by, round_.feedback_at = actor, timezone.now()
    round_.save(update_fields=["outcome", "client_feedback", "feedback_by", "feedback_at"])
    _transition(locked, target, actor=actor, note=feedback)
    if locked.assignee is not None:
        label = RoundOutcome(outcome).label
        _notify(
            [locked.assignee],
            NotificationKind.WORK_ORDER_FEEDBACK,
            locked,
            actor,
            round=round_.number,
            outcome=label,
        )
    return round_


@transaction.atomic
def work_order_close(*, actor: User, work_order: WorkOrder, note: str = "") -> WorkOrder:
    """Close a work order the client approved as done (issuer, lead or manager)."""
    locked = _locked(work_order)
    WORK_ORDER_WORKFLOW.check(locked.status, WorkOrderStatus.DONE)
    _check_speaks_for_client(actor, locked)
    locked.closed_at = timezone.now()
    _transition(locked, WorkOrderStatus.DONE, actor=actor, note=note.strip(), fields=["closed_at"])
    return locked


@transaction.atomic
def work_order_cancel(*, actor: User, work_order: WorkOrder, reason: str) -> WorkOrder:
    """Call the work off, saying why (issuer, lead or manager); the assignee is told.

    Not while a round waits for the client's feedback, and not once it is approved or closed.
    """
    locked = _locked(work_order)
    WORK_ORDER_WORKFLOW.check(locked.status, WorkOrderStatus.CANCELLED)
    _check_speaks_for_client(actor, locked)
    reason = _required(reason, "reason", _("Say why the work order is cancelled."))
    locked.closed_at = timezone.now()
    _transition(locked, WorkOrderStatus.CANCELLED, actor=actor, note=reason, fields=["closed_at"])
    if locked.assignee is not None and locked.assignee_id != actor.pk:
        _notify(
            [locked.assignee], NotificationKind.WORK_ORDER_CANCELLED, locked, actor, reason=reason
        )
    return locked


# ---------------------------------------------------------------- files


@transaction.atomic
def work_order_attach(
    *, actor: User, work_order: WorkOrder, file: UploadedFile
) -> WorkOrderAttachment:
    """Add a file to an open work order: the issuer, the assignee, the lead or a manager."""
    locked = _locked(work_order)
    if not locked.is_open:
        raise DomainError(_("This work order is closed: files can no longer be added."))
    if not can.takes_part(actor, locked):
        raise PermissionDenied(_("Only the people working on this work order can add files."))
    return store_attachment(locked, file, actor=actor)


# ---------------------------------------------------------------- rules shared by the moves


def _locked(work_order: WorkOrder) -> WorkOrder:
    """The work order's row, locked until the end of the transaction, with its people."""
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("project", "department", "issued_by", "assignee")
        .get(pk=work_order.pk)
    )


def _required(value: str, field: str, message: str | Promise | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message or _("This field is required."), field=field)
    return text


def _schedule(start_on: date | None, days: int) -> tuple[date, date]:
    """The working day the work starts and the day it is due (start = day 1)."""
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(
            _("Give between 1 and %(max)s working days.") % {"max": MAX_DAYS}, field="days"
        )
    today = timezone.localdate()
    if start_on is not None and start_on < today:
        raise DomainError(_("The work cannot start in the past."), field="start_on")
    return planned_dates(start_on, days, today)


def _check_assignee(person: User, department: Department) -> None:
    if not person.is_active or person.department_id != department.pk:
        raise DomainError(
            _("Choose someone who works in %(department)s.") % {"department": department.name},
            field="assignee",
        )


def _check_assignee_acts(actor: User, work_order: WorkOrder) -> None:
    if not can.is_assignee(actor, work_order):
        raise PermissionDenied(_("Only the person this work order is assigned to can do this."))


def _check_speaks_for_client(actor: User, work_order: WorkOrder) -> None:
    if not can.speaks_for_client(actor, work_order):
        raise PermissionDenied(
            _("Only the issuer, the project lead or a manager can do this for the client.")
        )


def _transition(
    work_order: WorkOrder,
    target: str,
    *,
    actor: User,
    note: str = "",
    fields: Sequence[str] = (),
) -> WorkOrderStatusChange:
    """Move a locked work order to ``target`` if the table allows it, and record the move.

    The only code that writes ``WorkOrder.status``; ``fields`` are saved with it.
    """
    WORK_ORDER_WORKFLOW.check(work_order.status, target)
    change = WorkOrderStatusChange.objects.create(
        work_order=work_order,
        from_status=work_order.status,
        to_status=target,
        actor=actor,
        note=note,
    )
    work_order.status = target
    work_order.save(update_fields=["status", *fields])
    return change


# ---------------------------------------------------------------- who is told


def _tell_receiver(work_order: WorkOrder, actor: User) -> None:
    """The assignee, or without one the receiving department's manager (not the issuer)."""
    if work_order.assignee is not None:
        if work_order.assignee_id != actor.pk:
            _notify([work_order.assignee], NotificationKind.WORK_ORDER_ASSIGNED, work_order, actor)
        return
    manager = work_order.department.manager
    if manager is not None and manager.pk != actor.pk:
        _notify(
            [manager],
            NotificationKind.WORK_ORDER_TO_DEPARTMENT,
            work_order,
            actor,
            department=work_order.department.name,
        )


def _notify(
    recipients: list[User],
    kind: NotificationKind,
    work_order: WorkOrder,
    actor: User,
    **extra: object,
) -> None:
    """Tell ``recipients`` once the transaction commits (a rollback tells nobody)."""
    url = reverse("delivery:work_order", args=[work_order.project_id, work_order.pk])
    params = {
        "actor": actor.display_name,
        "work_order": work_order.number,
        "title": work_order.title,
        "due": work_order.due_on.isoformat(),
        **extra,
    }
    transaction.on_commit(lambda: notify(recipients, kind, url=url, **params))
