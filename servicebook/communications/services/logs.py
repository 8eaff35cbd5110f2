"""Every way a weekly or monthly service log (客户服务周志 / 月志, SPEC §7) changes.

draft → sent (the sending recorded: when, how, by whom) → acknowledged (the client's
acknowledgement: who, when). The system drafts a log from the period's records
(``selectors.logs.period_facts`` → ``drafting.draft``); the project lead edits the draft,
re-drafts it from the records while it is a draft, and records its sending. The project
lead, a manager of the project's department and the GM do all of this; team members read.

Each service is one transaction: it locks the row it changes (the project when a log is
created, so two drafts of one period queue and the second is refused), checks who may and
the transition table (``LOG_WORKFLOW``), and writes through ``_transition``, the only writer
of ``ServiceLog.status``, which records a ``ServiceLogStatusChange``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.communications import drafting
from servicebook.communications.models import ContactChannel, LogKind, LogStatus, ServiceLog
from servicebook.communications.models.logs import ServiceLogStatusChange
from servicebook.communications.periods import due_on, log_period
from servicebook.communications.permissions import (
    speaks_for_agency,
)
from servicebook.communications.selectors.logs import period_facts
from servicebook.communications.workflows import LOG_WORKFLOW
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project
from servicebook.projects.schedule import FIRST_YEAR, LAST_YEAR, Period

SECTION_MAX_LENGTH = 10000
NOTE_MAX_LENGTH = 500
ACKNOWLEDGED_BY_MAX_LENGTH = 50
# How a log may be sent; a log is not "sent" by a phone call.
SEND_CHANNELS = (
    ContactChannel.EMAIL,
    ContactChannel.FAX,
    ContactChannel.VISIT,
    ContactChannel.WECHAT,
    ContactChannel.LETTER,
)

# ---------------------------------------------------------------- drafting


@transaction.atomic
def service_log_draft(
    *, actor: User, project: Project, kind: str, period_start: date
) -> ServiceLog:
    """Draft the weekly or monthly log of the period holding ``period_start``, from its records.

    By the project lead, a manager of the project's department or the GM, on an active
    project, for a week or month that has begun. One log per project and period: a period
    already drafted is refused (re-draft that log instead). Due on the first working day
    after the week, or the third working day of the next month.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not speaks_for_agency(actor, locked):
        raise PermissionDenied(
            _("Only the project lead or a manager of the department drafts the service logs.")
        )
    today = timezone.localdate()
    period = _period(kind, period_start, today)
    _check_active(locked)
    if ServiceLog.objects.filter(project=locked, kind=kind, period_start=period.first).exists():
        raise DomainError(
            _("The %(kind)s of %(first)s – %(last)s is drafted already; open it to edit it.")
            % {
                "kind": LogKind(kind).label,
                "first": period.first.isoformat(),
                "last": period.last.isoformat(),
            }
        )
    return _create(locked, kind, period, author=actor, today=today)


@transaction.atomic
def service_log_draft_due(
    *, project: Project, kind: str, period_start: date, today: date
) -> ServiceLog | None:
    """The system drafts a period's log on the lead's behalf; None when it exists already.

    Used by the periodic job (``jobs.draft_due_logs``): no person acts, so there is no
    permission check; the project lead is the author of record (none without a lead).
    Safe to run twice and alongside a person drafting the same period.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    period = _period(kind, period_start, today)
    if locked.status != ProjectStatus.ACTIVE:
        return None
    if ServiceLog.objects.filter(project=locked, kind=kind, period_start=period.first).exists():
        return None
    return _create(locked, kind, period, author=locked.lead, today=today)


@transaction.atomic
def service_log_redraft(*, actor: User, log: ServiceLog) -> ServiceLog:
    """Draft the log's sections again from the records (the edits are replaced); same log.

    Only while it is a draft, by those who may write it.
    """
    locked = _locked(log)
    _check_may_edit(actor, locked)
    today = timezone.localdate()
    period = log_period(locked.kind, locked.period_start)
    _fill(locked, drafting.draft(period_facts(locked.project, locked.kind, period, today)))
    locked.drafted_at, locked.drafted_by = timezone.now(), actor
    locked.save(
        update_fields=[*drafting.ALL_SECTIONS, "figures", "drafted_at", "drafted_by", "updated_at"]
    )
    return locked


@transaction.atomic
def service_log_update(
    *,
    actor: User,
    log: ServiceLog,
    work_done: str | None = None,
    communications: str | None = None,
    client_requests: str | None = None,
    awaiting_confirmation: str | None = None,
    progress: str | None = None,
    deliverables: str | None = None,
    client_feedback: str | None = None,
    problems: str | None = None,
    next_plan: str | None = None,
) -> ServiceLog:
    """Edit a draft's sections (None leaves a section as it is); only while it is a draft."""
    locked = _locked(log)
    _check_may_edit(actor, locked)
    given = {
        "work_done": work_done,
        "communications": communications,
        "client_requests": client_requests,
        "awaiting_confirmation": awaiting_confirmation,
        "progress": progress,
        "deliverables": deliverables,
        "client_feedback": client_feedback,
        "problems": problems,
        "next_plan": next_plan,
    }
    changed = []
    for name, value in given.items():
        if value is None:
            continue
        text = value.strip()
        if len(text) > SECTION_MAX_LENGTH:
            raise DomainError(
                _("Keep each section under %(max)s characters.") % {"max": SECTION_MAX_LENGTH},
                field=name,
            )
        setattr(locked, name, text)
        changed.append(name)
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    return locked


# ---------------------------------------------------------------- sending


@transaction.atomic
def service_log_mark_sent(
    *,
    actor: User,
    log: ServiceLog,
    sent_at: datetime | None = None,
    via: str = ContactChannel.EMAIL,
    note: str = "",
) -> ServiceLog:
    """Record that the draft went to the client: when (now by default), how, by whom.

    Not in the future, not before the period began, and not with every section empty. The
    email page calls this inside its own transaction when it queues the log.
    """
    locked = _locked(log)
    LOG_WORKFLOW.check(locked.status, LogStatus.SENT)
    _check_may_write(actor, locked)
    when = _moment(sent_at, "sent_at")
    if timezone.localdate(when) < locked.period_start:
        raise DomainError(
            _("A log cannot be sent before its period begins (%(day)s).")
            % {"day": locked.period_start.isoformat()},
            field="sent_at",
        )
    if via not in SEND_CHANNELS:
        raise DomainError(_("Choose how the log was sent."), field="via")
    if not any(getattr(locked, name).strip() for name in sections_of(locked.kind)):
        raise DomainError(_("The log is empty: write it before recording that it was sent."))
    locked.sent_at, locked.sent_by, locked.sent_via = when, actor, via
    _transition(
        locked,
        LogStatus.SENT,
        actor=actor,
        note=_note(note),
        fields=["sent_at", "sent_by", "sent_via"],
    )
    return locked


@transaction.atomic
def service_log_acknowledge(
    *,
    actor: User,
    log: ServiceLog,
    acknowledged_by: str,
    acknowledged_at: datetime | None = None,
    note: str = "",
) -> ServiceLog:
    """Record the client's acknowledgement of a sent log: who confirmed it and when."""
    locked = _locked(log)
    LOG_WORKFLOW.check(locked.status, LogStatus.ACKNOWLEDGED)
    _check_may_write(actor, locked)
    name = (acknowledged_by or "").strip()
    if not name:
        raise DomainError(_("Who confirmed it for the client?"), field="acknowledged_by")
    if len(name) > ACKNOWLEDGED_BY_MAX_LENGTH:
        raise DomainError(
            _("Keep the name under %(max)s characters.") % {"max": ACKNOWLEDGED_BY_MAX_LENGTH},
            field="acknowledged_by",
        )
    when = _moment(acknowledged_at, "acknowledged_at")
    if locked.sent_at is not None and when < locked.sent_at:
        raise DomainError(
            _("The client cannot acknowledge the log before it was sent (%(when)s).")
            % {"when": timezone.localtime(locked.sent_at).strftime("%Y-%m-%d %H:%M")},
            field="acknowledged_at",
        )
    locked.acknowledged_at, locked.acknowledged_by = when, name
    _transition(
        locked,
        LogStatus.ACKNOWLEDGED,
        actor=actor,
        note=_note(note),
        fields=["acknowledged_at", "acknowledged_by"],
    )
    return locked


# ---------------------------------------------------------------- helpers


def sections_of(kind: str) -> tuple[str, ...]:
    """The sections a log of ``kind`` has, in reading order."""
    return drafting.MONTHLY_SECTIONS if kind == LogKind.MONTHLY else drafting.WEEKLY_SECTIONS


def _create(
    project: Project, kind: str, period: Period, *, author: User | None, today: date
) -> ServiceLog:
    calendar = WorkingCalendar.for_walk(period.last, 5)
    log = ServiceLog(
        project=project,
        kind=kind,
        period_start=period.first,
        period_end=period.last,
        due_on=due_on(kind, period, calendar),
        drafted_by=author,
    )
    _fill(log, drafting.draft(period_facts(project, kind, period, today)))
    log.save()
    return log


def _fill(log: ServiceLog, draft: drafting.Draft) -> None:
    for name in drafting.ALL_SECTIONS:
        setattr(log, name, draft.sections.get(name, ""))
    log.figures = draft.figures


def _period(kind: str, day: date, today: date) -> Period:
    if kind not in LogKind.values:
        raise DomainError(_("Choose a weekly or a monthly log."), field="kind")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DomainError(_("Choose a date between 2000 and 2099."), field="period_start")
    period = log_period(kind, day)
    if period.first > today:
        raise DomainError(
            _("This period has not begun yet: a log is drafted once its week or month has begun."),
            field="period_start",
        )
    return period


def _check_active(project: Project) -> None:
    if project.status != ProjectStatus.ACTIVE:
        raise DomainError(_("This project is closed: no new service logs."))


def _locked(log: ServiceLog) -> ServiceLog:
    """The log's row, locked until the end of the transaction, with its project."""
    return (
        ServiceLog.objects.select_for_update(of=("self",)).select_related("project").get(pk=log.pk)
    )


def _check_may_write(actor: User, log: ServiceLog) -> None:
    if not speaks_for_agency(actor, log.project):
        raise PermissionDenied(
            _("Only the project lead or a manager of the department can do this.")
        )


def _check_may_edit(actor: User, log: ServiceLog) -> None:
    _check_may_write(actor, log)
    if log.status != LogStatus.DRAFT:
        raise DomainError(_("This log has been sent: it can no longer be changed."))


def _moment(value: datetime | None, field: str) -> datetime:
    now = timezone.now()
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    # A minute's grace for a form filled in with the clock's current minute.
    if value > now + timedelta(minutes=1):
        raise DomainError(_("This cannot be in the future."), field=field)
    return value


def _note(note: str) -> str:
    text = (note or "").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX_LENGTH}, field="note"
        )
    return text


def _transition(
    log: ServiceLog,
    target: str,
    *,
    actor: User,
    note: str = "",
    fields: Sequence[str] = (),
) -> ServiceLogStatusChange:
    """Move a locked log to ``target`` if the table allows it, and record the move.

    The only code that writes ``ServiceLog.status``; ``fields`` are saved with it.
    """
    LOG_WORKFLOW.check(log.status, target)
    change = ServiceLogStatusChange.objects.create(
        log=log, from_status=log.status, to_status=target, actor=actor, note=note
    )
    log.status = target
    log.save(update_fields=["status", *fields, "updated_at"])
    return change
