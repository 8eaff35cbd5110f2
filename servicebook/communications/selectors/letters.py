"""Read models of consultation letters (咨询函, SPEC §7).

A letter is seen exactly by whoever sees its project; the project pages start from
``selectors.contacts.communication_project`` (a 404 otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from servicebook.accounts.models import User
from servicebook.communications.models import ConsultationLetter, LetterStatus
from servicebook.communications.models.letters import LetterStatusChange
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.models import Project


def overdue_q(today: date) -> Q:
    """Sent, not answered, and past the end of its answer day."""
    return Q(status=LetterStatus.SENT, answer_due_on__lt=today)


STATUS_FILTERS = ("draft", "sent", "overdue", "answered", "withdrawn")


def project_letters(
    project: Project, status: str | None, today: date
) -> QuerySet[ConsultationLetter]:
    """The project's letters, newest first, with who drafted and sent them.

    ``status`` is one of ``STATUS_FILTERS`` ("overdue": waiting past the due day) or None.
    """
    letters = ConsultationLetter.objects.filter(project=project)
    if status == "overdue":
        letters = letters.filter(overdue_q(today))
    elif status in STATUS_FILTERS:
        letters = letters.filter(status=status)
    return letters.select_related("created_by", "sent_by").order_by("-created_at", "-id")


def letter_counts(project: Project, today: date) -> dict[str, int]:
    """How many letters are drafts, waiting for the answer, overdue, answered (one query)."""
    counts = ConsultationLetter.objects.filter(project=project).aggregate(
        drafts=Count("pk", filter=Q(status=LetterStatus.DRAFT)),
        waiting=Count("pk", filter=Q(status=LetterStatus.SENT)),
        overdue=Count("pk", filter=overdue_q(today)),
        answered=Count("pk", filter=Q(status=LetterStatus.ANSWERED)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def letter_of(project: Project, pk: int) -> ConsultationLetter:
    """One letter of the project with its people (404 when it belongs to another)."""
    return get_object_or_404(
        ConsultationLetter.objects.filter(project=project).select_related(
            "addressee", "created_by", "sent_by", "answer_recorded_by"
        ),
        pk=pk,
    )


def letter_history(letter: ConsultationLetter) -> list[LetterStatusChange]:
    """The letter's status moves, oldest first, with who made them (one query)."""
    return list(
        LetterStatusChange.objects.filter(letter=letter)
        .select_related("actor")
        .order_by("at", "id")
    )


def overdue_letters(user: User, today: date) -> QuerySet[ConsultationLetter]:
    """Letters ``user`` may see that were sent and are not answered past their due day.

    The longest overdue first, each with its project and sender.
    """
    return (
        ConsultationLetter.objects.visible_to(user)
        .filter(overdue_q(today))
        .select_related("project", "sent_by")
        .order_by("answer_due_on", "id")
    )


def mark_lateness(letters: Iterable[ConsultationLetter], today: date) -> list[ConsultationLetter]:
    """Give each letter ``is_late`` (waiting past its due day) and ``late_days``.

    ``late_days`` counts the working days since the due day (0 when only a weekend or a
    holiday has passed). One query for the calendar, none when nothing is late.
    """
    rows = list(letters)
    late = [
        (letter, letter.answer_due_on)
        for letter in rows
        if letter.status == LetterStatus.SENT
        and letter.answer_due_on is not None
        and letter.answer_due_on < today
    ]
    for letter in rows:
        letter.is_late, letter.late_days = False, 0  # type: ignore[attr-defined]
    if not late:
        return rows
    calendar = WorkingCalendar.for_span(min(due for _, due in late), today)
    for letter, due in late:
        letter.is_late = True  # type: ignore[attr-defined]
        letter.late_days = calendar.working_days_between(due, today)  # type: ignore[attr-defined]
    return rows
