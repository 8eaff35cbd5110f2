"""Every way a consultation letter (咨询函, SPEC §7) changes: one service per event.

draft → sent (numbered ``ZX-YYYY-NNNN``, waiting for the client's written answer, due in
working days) → answered; a draft may be withdrawn. Each service is one transaction: it
locks the letter, checks the transition table (``LETTER_WORKFLOW``) and who may make the
move (``permissions``), and writes the status only through ``_transition``, which records
a ``LetterStatusChange``.

The project lead, the team and the managers write drafts and record answers; only the lead
or a manager (or the GM) sends a letter — it speaks for the agency — or withdraws one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.models import Contact
from servicebook.communications.models import ConsultationLetter, LetterStatus
from servicebook.communications.models.letters import LetterStatusChange
from servicebook.communications.permissions import speaks_for_agency
from servicebook.communications.services.contacts import (
    check_may_write,
    check_not_future,
    person_name,
    required_text,
)
from servicebook.communications.workflows import LETTER_WORKFLOW
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.sequences import next_number
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

L = LetterStatus
LETTER_SERIES = "ZX"
MAX_ANSWER_DAYS = 60
SUBJECT_MAX = 200


@transaction.atomic
def letter_draft(
    *,
    actor: User,
    project: Project,
    addressee: Contact | None = None,
    addressee_name: str = "",
    subject: str,
    body: str,
    answer_days: int = 3,
) -> ConsultationLetter:
    """Draft a letter asking the client a question, on an active project.

    Drafted by the project lead, a team member, a manager of the project's department or
    the GM. ``addressee`` is one of the client's contacts (its name is used) or None with
    ``addressee_name`` typed; the client has ``answer_days`` working days (1–60) to answer
    once it is sent.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_may_write(actor, locked)
    _check_active(locked)
    fields = _letter_fields(locked, addressee, addressee_name, subject, body, answer_days)
    return ConsultationLetter.objects.create(project=locked, created_by=actor, **fields)


@transaction.atomic
def letter_update(
    *,
    actor: User,
    letter: ConsultationLetter,
    addressee: Contact | None = None,
    addressee_name: str = "",
    subject: str,
    body: str,
    answer_days: int = 3,
) -> ConsultationLetter:
    """Change a draft (whoever may draft); a sent letter is never changed."""
    locked = _locked(letter)
    check_may_write(actor, locked.project)
    if locked.status != L.DRAFT:
        raise DomainError(
            _("Only a draft can be changed; this letter is “%(status)s”.")
            % {"status": locked.status_label}
        )
    fields = _letter_fields(locked.project, addressee, addressee_name, subject, body, answer_days)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def letter_mark_sent(
    *, actor: User, letter: ConsultationLetter, sent_at: datetime | None = None
) -> ConsultationLetter:
    """Send a draft (the project lead, a manager or the GM), on an active project.

    It takes the next number of the year it is sent, ``ZX-YYYY-NNNN`` (gap-free: a rollback
    returns the number), and the answer is due ``answer_days`` working days later, the
    next working day after sending counting as day 1. ``sent_at`` (default now) is not in
    the future. Runs inside the caller's transaction when there is one (the email page).
    """
    locked = _locked(letter)
    LETTER_WORKFLOW.check(locked.status, L.SENT)
    _check_may_send(actor, locked)
    _check_active(locked.project)
    when = sent_at or timezone.now()
    check_not_future(when, "sent_at", _("The letter cannot be sent in the future."))
    sent_on = timezone.localtime(when).date()
    number = next_number(LETTER_SERIES, sent_on.year)
    locked.number = f"{LETTER_SERIES}-{sent_on.year}-{number:04d}"
    locked.sent_at, locked.sent_by = when, actor
    locked.answer_due_on = answer_due_on(sent_on, locked.answer_days)
    _transition(
        locked, L.SENT, actor=actor, fields=["number", "sent_at", "sent_by", "answer_due_on"]
    )
    return locked


@transaction.atomic
def letter_record_answer(
    *,
    actor: User,
    letter: ConsultationLetter,
    answer: str,
    answered_at: datetime | None = None,
) -> ConsultationLetter:
    """Record the client's written answer to a sent letter (whoever may draft).

    ``answered_at`` (default now) is neither before the letter was sent nor in the future.
    """
    locked = _locked(letter)
    LETTER_WORKFLOW.check(locked.status, L.ANSWERED)
    check_may_write(actor, locked.project)
    answer = required_text(answer, "answer", _("Write down the client's answer."))
    when = answered_at or timezone.now()
    check_not_future(when, "answered_at", _("The answer cannot be in the future."))
    if locked.sent_at is not None and when < locked.sent_at:
        raise DomainError(
            _("The answer cannot come before the letter was sent (%(when)s).")
            % {"when": date_format(timezone.localtime(locked.sent_at), "Y-m-d H:i")},
            field="answered_at",
        )
    locked.answer, locked.answered_at, locked.answer_recorded_by = answer, when, actor
    _transition(
        locked,
        L.ANSWERED,
        actor=actor,
        fields=["answer", "answered_at", "answer_recorded_by"],
    )
    return locked


@transaction.atomic
def letter_withdraw(
    *, actor: User, letter: ConsultationLetter, note: str = ""
) -> ConsultationLetter:
    """Withdraw a draft that will not be sent (the project lead, a manager or the GM)."""
    locked = _locked(letter)
    LETTER_WORKFLOW.check(locked.status, L.WITHDRAWN)
    _check_may_send(actor, locked)
    _transition(locked, L.WITHDRAWN, actor=actor, note=(note or "").strip())
    return locked


def answer_due_on(sent_on: date, days: int) -> date:
    """When the answer to a letter sent on ``sent_on`` is due (one calendar query).

    The next working day after sending is day 1 (SPEC §6 convention): sent on
    2026-09-29 with 3 days, it is due 2026-10-09 (09-30, then 10-08 and 10-09 after the
    National Day holiday).
    """
    day_after = sent_on + timedelta(days=1)
    calendar = WorkingCalendar.for_walk(day_after, days + 1)
    return calendar.due_date(calendar.next_working_day(day_after), days)


# ---------------------------------------------------------------- rules shared by the moves


def _locked(letter: ConsultationLetter) -> ConsultationLetter:
    """The letter's row, locked until the end of the transaction, with its project."""
    return (
        ConsultationLetter.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=letter.pk)
    )


def _check_active(project: Project) -> None:
    if project.status != ProjectStatus.ACTIVE:
        raise DomainError(_("This project is closed: no new letter can be written or sent."))


def _check_may_send(actor: User, letter: ConsultationLetter) -> None:
    if not speaks_for_agency(actor, letter.project):
        raise PermissionDenied(
            _("Only the project lead or the department manager can send or withdraw a letter.")
        )


def _letter_fields(
    project: Project,
    addressee: Contact | None,
    addressee_name: str,
    subject: str,
    body: str,
    answer_days: int,
) -> dict[str, object]:
    """The checked fields of a draft."""
    name = person_name(project, addressee, addressee_name, field="addressee_name")
    subject = required_text(subject, "subject", _("Give the letter a subject."))
    if len(subject) > SUBJECT_MAX:
        raise DomainError(
            _("Keep the subject to %(max)s characters.") % {"max": SUBJECT_MAX}, field="subject"
        )
    body = required_text(body, "body", _("Write the question the client is to answer."))
    if not 1 <= answer_days <= MAX_ANSWER_DAYS:
        raise DomainError(
            _("Give the client between 1 and %(max)s working days to answer.")
            % {"max": MAX_ANSWER_DAYS},
            field="answer_days",
        )
    return {
        "addressee": addressee,
        "addressee_name": name,
        "subject": subject,
        "body": body,
        "answer_days": answer_days,
    }


def _transition(
    letter: ConsultationLetter,
    target: str,
    *,
    actor: User,
    note: str = "",
    fields: Sequence[str] = (),
) -> LetterStatusChange:
    """Move a locked letter to ``target`` if the table allows it, and record the move.

    The only code that writes ``ConsultationLetter.status``; ``fields`` are saved with it.
    """
    LETTER_WORKFLOW.check(letter.status, target)
    change = LetterStatusChange.objects.create(
        letter=letter, from_status=letter.status, to_status=target, actor=actor, note=note
    )
    letter.status = target
    letter.save(update_fields=["status", *fields])
    return change
