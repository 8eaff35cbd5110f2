"""Draft the text of a weekly or monthly service log from a period's facts (pure).

The selector gathers the facts of a period into plain dataclasses (``PeriodFacts``): every
date is a local date, every person a name, every working-day count already counted. Here
they become the sections of the log, in the language active when the log is drafted (the
project's working language, Chinese by default; an English user's draft reads in English).
The project lead edits the draft before it is sent, so the text is a complete first version,
one fact per line, never a placeholder.

Facts are "as of" the end of the period, or today while the period is still running
(``through``): a task is done when it was done by then, a request open when it was not
settled by then, a work order waits for the client when its latest round handed in by then
had no feedback by then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import get_language, gettext, ngettext

WEEKLY = "weekly"
MONTHLY = "monthly"

# The sections of each kind of log, in the order the log reads.
WEEKLY_SECTIONS = (
    "work_done",
    "communications",
    "client_requests",
    "awaiting_confirmation",
    "next_plan",
)
MONTHLY_SECTIONS = (
    "progress",
    "deliverables",
    "work_done",
    "client_feedback",
    "communications",
    "client_requests",
    "awaiting_confirmation",
    "problems",
    "next_plan",
)
ALL_SECTIONS = MONTHLY_SECTIONS
# Slipped tasks listed by name in the monthly progress; the figures count them all.
SLIPPED_LINES = 10

# ---------------------------------------------------------------- facts


@dataclass(frozen=True)
class TaskFact:
    """One line of the project plan (current version) with its progress and slip."""

    key: str
    name: str
    owner: str
    start_on: date
    due_on: date
    done_on: date | None = None
    is_milestone: bool = False
    has_deliverable: bool = False
    baseline_due_on: date | None = None
    slip: int | None = None  # working days later than the baseline (None: no baseline)


@dataclass(frozen=True)
class WorkOrderEvent:
    """Something that happened to a work order in the period."""

    number: str
    title: str
    event: str  # "submitted", "approved", "revise" or "done"
    on: date
    round: int | None = None
    feedback: str = ""


@dataclass(frozen=True)
class WaitingWorkOrder:
    """A work order whose latest round waits for the client's feedback."""

    number: str
    title: str
    round: int
    submitted_on: date
    waiting_days: int


@dataclass(frozen=True)
class LateWorkOrder:
    """A work order the assignee still owes after its due day."""

    number: str
    title: str
    assignee: str
    due_on: date
    late_days: int


@dataclass(frozen=True)
class ContactFact:
    """One logged contact with the client."""

    on: date
    channel: str
    contact_name: str
    summary: str
    follow_ups: str = ""


@dataclass(frozen=True)
class RequestFact:
    """A client request: when it was raised, first answered, settled; open days as of then."""

    text: str
    raised_on: date
    replied_on: date | None
    settled_on: date | None
    open_days: int


@dataclass(frozen=True)
class LetterFact:
    """A consultation letter sent to the client, answered or waiting (overdue: ``late_days``)."""

    number: str
    subject: str
    sent_on: date
    answer_due_on: date | None
    answered_on: date | None
    answer: str
    overdue: bool = False  # not answered by then and the answer day is over
    late_days: int = 0


@dataclass(frozen=True)
class VisitFact:
    """A supervision visit logged in the period."""

    on: date
    site: str
    supervisor: str
    findings: str


@dataclass(frozen=True)
class MeetingFact:
    """A creative meeting held in the period."""

    on: date
    topic: str
    decision: str


@dataclass(frozen=True)
class PeriodFacts:
    """Everything a log of one period says, gathered by the selector (no database here).

    ``first``..``last`` is the period, ``through`` the last day counted (the period's last
    day, or today while it runs); ``next_first``..``next_last`` the period after it.
    Lists hold what happened in the period or what stands as of ``through`` (see the
    module docstring).
    """

    kind: str
    first: date
    last: date
    through: date
    next_first: date
    next_last: date
    has_plan: bool = False
    plan_version: int | None = None
    has_baseline: bool = False
    slip_max: int = 0
    slip_total: int = 0
    tasks: list[TaskFact] = field(default_factory=list)
    overdue_tasks: list[tuple[TaskFact, int]] = field(default_factory=list)
    work_order_events: list[WorkOrderEvent] = field(default_factory=list)
    waiting_work_orders: list[WaitingWorkOrder] = field(default_factory=list)
    late_work_orders: list[LateWorkOrder] = field(default_factory=list)
    contacts: list[ContactFact] = field(default_factory=list)
    requests: list[RequestFact] = field(default_factory=list)
    letters: list[LetterFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)

    def in_period(self, day: date | None) -> bool:
        return day is not None and self.first <= day <= self.through

    def done_by_then(self, task: TaskFact) -> bool:
        return task.done_on is not None and task.done_on <= self.through


@dataclass
class Draft:
    """The drafted sections (field name → text) and the figures behind them."""

    sections: dict[str, str]
    figures: dict[str, Any]


# ---------------------------------------------------------------- drafting


def draft(facts: PeriodFacts) -> Draft:
    """The sections of the log of ``facts.kind`` (weekly or monthly) and its figures."""
    return draft_monthly(facts) if facts.kind == MONTHLY else draft_weekly(facts)


def draft_weekly(facts: PeriodFacts) -> Draft:
    """Work done, communications, requests and issues, waiting for the client, next week."""
    issues = _issue_lines(facts)
    requests = _request_lines(facts)
    if issues:
        requests = [*requests, *_heading(gettext("Issues"), issues)]
    sections = {
        "work_done": _text(_work_done_lines(facts), gettext("No work was recorded as done.")),
        "communications": _text(
            _communication_lines(facts), gettext("No contact with the client was logged.")
        ),
        "client_requests": _text(
            requests, gettext("The client raised no request and no issue is open.")
        ),
        "awaiting_confirmation": _text(
            _waiting_lines(facts), gettext("Nothing is waiting for the client's confirmation.")
        ),
        "next_plan": _text(
            _next_plan_lines(facts), gettext("No plan task falls in the next week.")
        ),
    }
    return Draft(sections, _weekly_figures(facts))


def draft_monthly(facts: PeriodFacts) -> Draft:
    """The weekly sections for the month, plus progress, deliverables, feedback, problems."""
    weekly = draft_weekly(facts)
    sections = dict(weekly.sections)
    sections["client_requests"] = _text(
        _request_lines(facts), gettext("The client raised no request and none is open.")
    )
    sections["progress"] = _text(_progress_lines(facts), gettext("This project has no plan yet."))
    sections["deliverables"] = _text(
        _deliverable_lines(facts), gettext("No deliverable or milestone was completed.")
    )
    sections["client_feedback"] = _text(
        _feedback_lines(facts), gettext("No feedback from the client was recorded.")
    )
    sections["problems"] = _text(_issue_lines(facts), gettext("No problem is open."))
    sections["next_plan"] = _text(
        _next_plan_lines(facts), gettext("No plan task falls in the next month.")
    )
    return Draft(sections, {**weekly.figures, **_monthly_figures(facts)})


# ---------------------------------------------------------------- sections


def _work_done_lines(facts: PeriodFacts) -> list[str]:
    done = [t for t in facts.tasks if facts.in_period(t.done_on)]
    done.sort(key=lambda t: (t.done_on or t.due_on, t.key))
    tasks = [_task_done_line(facts, t) for t in done]
    events = [_event_line(facts, e) for e in facts.work_order_events]
    visits = [
        gettext("%(day)s %(site)s (%(supervisor)s): %(findings)s")
        % {
            "day": _day(v.on, facts),
            "site": v.site,
            "supervisor": v.supervisor,
            "findings": _one_line(v.findings),
        }
        for v in facts.visits
    ]
    meetings = [
        gettext("%(day)s %(topic)s: %(decision)s")
        % {
            "day": _day(m.on, facts),
            "topic": m.topic,
            "decision": _one_line(m.decision) or gettext("no decision recorded"),
        }
        for m in facts.meetings
    ]
    return [
        *_heading(gettext("Plan tasks completed"), tasks, numbered=True),
        *_heading(gettext("Work orders"), events),
        *_heading(gettext("Supervision visits"), visits),
        *_heading(gettext("Creative meetings"), meetings),
    ]


def _task_done_line(facts: PeriodFacts, task: TaskFact) -> str:
    line = gettext("%(name)s (%(owner)s, done %(day)s)") % {
        "name": task.name,
        "owner": task.owner or gettext("unassigned"),
        "day": _day(task.done_on, facts),
    }
    return _milestone(line, task)


EVENT_TEXTS = {
    "submitted": lambda: gettext("round %(round)s handed to the client on %(day)s"),
    "approved": lambda: gettext("approved by the client on %(day)s"),
    "revise": lambda: gettext("the client asked for a revision on %(day)s"),
    "done": lambda: gettext("completed on %(day)s"),
}


def _event_line(facts: PeriodFacts, event: WorkOrderEvent) -> str:
    what = EVENT_TEXTS[event.event]() % {"round": event.round or "", "day": _day(event.on, facts)}
    return f"{event.number} {event.title}: {what}"


def _communication_lines(facts: PeriodFacts) -> list[str]:
    contacts = [
        _contact_line(facts, c) for c in sorted(facts.contacts, key=lambda c: (c.on, c.channel))
    ]
    if facts.kind == MONTHLY and contacts:
        contacts = [_contact_summary(facts.contacts), *contacts]
    letters = []
    for letter in facts.letters:
        if facts.in_period(letter.sent_on):
            letters.append(
                gettext("%(number)s %(subject)s: sent on %(day)s")
                % _letter_params(letter, letter.sent_on, facts)
            )
        if facts.in_period(letter.answered_on):
            letters.append(
                gettext("%(number)s %(subject)s: answered by the client on %(day)s")
                % _letter_params(letter, letter.answered_on, facts)
            )
    return [*contacts, *_heading(gettext("Consultation letters"), letters)]


def _letter_params(letter: LetterFact, day: date | None, facts: PeriodFacts) -> dict[str, str]:
    return {"number": letter.number, "subject": letter.subject, "day": _day(day, facts)}


def _contact_line(facts: PeriodFacts, contact: ContactFact) -> str:
    line = gettext("%(day)s %(channel)s with %(name)s: %(summary)s") % {
        "day": _day(contact.on, facts),
        "channel": contact.channel,
        "name": contact.contact_name,
        "summary": _one_line(contact.summary),
    }
    if contact.follow_ups.strip():
        line += gettext(" (to follow up: %(follow_ups)s)") % {
            "follow_ups": _one_line(contact.follow_ups)
        }
    return line


def _contact_summary(contacts: Iterable[ContactFact]) -> str:
    counts = Counter(c.channel for c in contacts)
    total = sum(counts.values())
    parts = gettext(", ").join(f"{channel} {n}" for channel, n in sorted(counts.items()))
    return ngettext(
        "%(count)s contact with the client (%(parts)s):",
        "%(count)s contacts with the client (%(parts)s):",
        total,
    ) % {"count": total, "parts": parts}


def _request_lines(facts: PeriodFacts) -> list[str]:
    raised = [r for r in facts.requests if facts.in_period(r.raised_on)]
    still_open = [r for r in facts.requests if r.settled_on is None or r.settled_on > facts.through]
    settled = [r for r in facts.requests if facts.in_period(r.settled_on)]
    return [
        *_heading(gettext("Raised in this period"), [_raised_line(facts, r) for r in raised]),
        *_heading(gettext("Still open"), [_open_line(facts, r) for r in still_open]),
        *_heading(
            gettext("Settled"),
            [
                gettext("%(text)s (settled %(day)s)")
                % {"text": _one_line(r.text), "day": _day(r.settled_on, facts)}
                for r in settled
            ],
        ),
    ]


def _raised_line(facts: PeriodFacts, request: RequestFact) -> str:
    return gettext("%(day)s %(text)s") % {
        "day": _day(request.raised_on, facts),
        "text": _one_line(request.text),
    }


def _open_line(facts: PeriodFacts, request: RequestFact) -> str:
    age = _working_days(request.open_days)
    if request.replied_on is not None and request.replied_on <= facts.through:
        note = gettext("open %(age)s, first answered %(day)s") % {
            "age": age,
            "day": _day(request.replied_on, facts),
        }
    else:
        note = gettext("open %(age)s, not answered yet") % {"age": age}
    return gettext("%(text)s (raised %(day)s; %(note)s)") % {
        "text": _one_line(request.text),
        "day": _day(request.raised_on, facts),
        "note": note,
    }


def _waiting_lines(facts: PeriodFacts) -> list[str]:
    lines = [
        gettext(
            "Work order %(number)s %(title)s, round %(round)s: handed in %(day)s, "
            "waiting %(age)s for the client's feedback"
        )
        % {
            "number": w.number,
            "title": w.title,
            "round": w.round,
            "day": _day(w.submitted_on, facts),
            "age": _working_days(w.waiting_days),
        }
        for w in facts.waiting_work_orders
    ]
    for letter in _waiting_letters(facts):
        line = gettext("Consultation letter %(number)s %(subject)s: sent %(day)s") % {
            "number": letter.number,
            "subject": letter.subject,
            "day": _day(letter.sent_on, facts),
        }
        if letter.answer_due_on is not None:
            line += gettext(", answer due %(day)s") % {"day": _day(letter.answer_due_on, facts)}
        if letter.overdue:
            line += gettext(" (%(late)s)") % {"late": _overdue(letter.late_days)}
        lines.append(line)
    return lines


def _waiting_letters(facts: PeriodFacts) -> list[LetterFact]:
    return [
        letter
        for letter in facts.letters
        if letter.sent_on <= facts.through
        and (letter.answered_on is None or letter.answered_on > facts.through)
    ]


def _issue_lines(facts: PeriodFacts) -> list[str]:
    """Overdue plan tasks, late work orders, letters past their answer date."""
    lines = [
        gettext("Plan task %(name)s (%(owner)s) was due %(day)s: %(late)s")
        % {
            "name": t.name,
            "owner": t.owner or gettext("unassigned"),
            "day": _day(t.due_on, facts),
            "late": _overdue(days),
        }
        for t, days in facts.overdue_tasks
    ]
    lines += [
        gettext("Work order %(number)s %(title)s (%(assignee)s) was due %(day)s: %(late)s")
        % {
            "number": w.number,
            "title": w.title,
            "assignee": w.assignee or gettext("unassigned"),
            "day": _day(w.due_on, facts),
            "late": _overdue(w.late_days),
        }
        for w in facts.late_work_orders
    ]
    lines += [
        gettext("Consultation letter %(number)s %(subject)s: the answer was due %(day)s (%(late)s)")
        % {
            **_letter_params(letter, letter.answer_due_on, facts),
            "late": _overdue(letter.late_days),
        }
        for letter in _waiting_letters(facts)
        if letter.overdue
    ]
    return lines


def _next_plan_lines(facts: PeriodFacts) -> list[str]:
    upcoming = [
        t
        for t in facts.tasks
        if t.start_on <= facts.next_last and t.due_on >= facts.next_first and t.done_on is None
    ]
    upcoming.sort(key=lambda t: (t.start_on, t.due_on, t.key))
    lines = []
    for task in upcoming:
        line = gettext("%(name)s (%(owner)s, %(start)s – %(due)s)") % {
            "name": task.name,
            "owner": task.owner or gettext("unassigned"),
            "start": _day(task.start_on, facts),
            "due": _day(task.due_on, facts),
        }
        lines.append(_milestone(line, task))
    return _numbered(lines)


def _progress_lines(facts: PeriodFacts) -> list[str]:
    if not facts.has_plan:
        return []
    figures = _monthly_figures(facts)
    lines = [
        ngettext(
            "%(planned)s plan line was due this month: "
            "%(done)s done (%(on_time)s on time), %(open)s not done.",
            "%(planned)s plan lines were due this month: "
            "%(done)s done (%(on_time)s on time), %(open)s not done.",
            figures["planned"],
        )
        % figures
    ]
    if figures["done_other"]:
        lines.append(
            ngettext(
                "%(done_other)s line due in another month was also completed.",
                "%(done_other)s lines due in other months were also completed.",
                figures["done_other"],
            )
            % figures
        )
    if figures["overdue"]:
        lines.append(
            ngettext(
                "%(overdue)s line of the plan is overdue.",
                "%(overdue)s lines of the plan are overdue.",
                figures["overdue"],
            )
            % figures
        )
    return lines + _slip_lines(facts)


def _slip_lines(facts: PeriodFacts) -> list[str]:
    if not facts.has_baseline:
        return [gettext("The plan is not signed yet, so there is no baseline to compare with.")]
    lines = [
        gettext(
            "Against the signed baseline (version 1; version %(version)s in force): "
            "largest slip %(max)s, total slip %(total)s."
        )
        % {
            "version": facts.plan_version or 1,
            "max": _working_days(facts.slip_max),
            "total": _working_days(facts.slip_total),
        }
    ]
    slipped = [t for t in facts.tasks if (t.slip or 0) > 0 and not _done_before(facts, t)]
    slipped.sort(key=lambda t: (-(t.slip or 0), t.key))
    lines += _heading(
        gettext("Slipped lines"),
        [
            gettext("%(name)s: baseline %(base)s, now %(due)s (%(slip)s later)")
            % {
                "name": t.name,
                "base": _day(t.baseline_due_on, facts),
                "due": _day(t.due_on, facts),
                "slip": _working_days(t.slip or 0),
            }
            for t in slipped[:SLIPPED_LINES]
        ],
    )
    if len(slipped) > SLIPPED_LINES:
        lines.append(gettext("… and %(count)s more.") % {"count": len(slipped) - SLIPPED_LINES})
    return lines


def _deliverable_lines(facts: PeriodFacts) -> list[str]:
    done = [
        t
        for t in facts.tasks
        if facts.in_period(t.done_on) and (t.is_milestone or t.has_deliverable)
    ]
    done.sort(key=lambda t: (t.done_on or t.due_on, t.key))
    approved = [
        gettext("%(number)s %(title)s: approved by the client on %(day)s")
        % {"number": e.number, "title": e.title, "day": _day(e.on, facts)}
        for e in facts.work_order_events
        if e.event == "approved"
    ]
    return [*_numbered([_task_done_line(facts, t) for t in done]), *approved]


def _feedback_lines(facts: PeriodFacts) -> list[str]:
    rounds = [
        gettext("%(day)s %(number)s %(title)s, round %(round)s: %(feedback)s")
        % {
            "day": _day(e.on, facts),
            "number": e.number,
            "title": e.title,
            "round": e.round or "",
            "feedback": _one_line(e.feedback)
            or (gettext("approved") if e.event == "approved" else gettext("revise")),
        }
        for e in facts.work_order_events
        if e.event in ("approved", "revise")
    ]
    answers = [
        gettext("%(day)s %(number)s %(subject)s: %(answer)s")
        % {
            "day": _day(letter.answered_on, facts),
            "number": letter.number,
            "subject": letter.subject,
            "answer": _one_line(letter.answer),
        }
        for letter in facts.letters
        if facts.in_period(letter.answered_on)
    ]
    return [
        *_heading(gettext("On work orders"), rounds),
        *_heading(gettext("Answers to consultation letters"), answers),
    ]


# ---------------------------------------------------------------- figures


def _weekly_figures(facts: PeriodFacts) -> dict[str, Any]:
    events = Counter(e.event for e in facts.work_order_events)
    return {
        "tasks_done": sum(1 for t in facts.tasks if facts.in_period(t.done_on)),
        "work_orders_submitted": events["submitted"],
        "work_orders_approved": events["approved"],
        "work_orders_done": events["done"],
        "contacts": len(facts.contacts),
        "requests_raised": sum(1 for r in facts.requests if facts.in_period(r.raised_on)),
        "requests_open": sum(
            1 for r in facts.requests if r.settled_on is None or r.settled_on > facts.through
        ),
        "waiting": len(facts.waiting_work_orders) + len(_waiting_letters(facts)),
        "overdue_tasks": len(facts.overdue_tasks),
        "late_work_orders": len(facts.late_work_orders),
    }


def _monthly_figures(facts: PeriodFacts) -> dict[str, Any]:
    """Planned vs done in the month and the slip (working days) against the baseline."""
    planned = [t for t in facts.tasks if facts.first <= t.due_on <= facts.last]
    done = [t for t in planned if _done_before(facts, t)]
    on_time = [t for t in done if t.done_on is not None and t.done_on <= t.due_on]
    other = [
        t
        for t in facts.tasks
        if facts.in_period(t.done_on) and not facts.first <= t.due_on <= facts.last
    ]
    milestones = [t for t in facts.tasks if t.is_milestone and facts.in_period(t.done_on)]
    return {
        "planned": len(planned),
        "done": len(done),
        "on_time": len(on_time),
        "open": len(planned) - len(done),
        "done_other": len(other),
        "overdue": len(facts.overdue_tasks),
        "milestones_done": len(milestones),
        "has_baseline": facts.has_baseline,
        "plan_version": facts.plan_version,
        "slip_max": facts.slip_max,
        "slip_total": facts.slip_total,
    }


# ---------------------------------------------------------------- wording


def _done_before(facts: PeriodFacts, task: TaskFact) -> bool:
    return facts.done_by_then(task)


def _day(day: date | None, facts: PeriodFacts) -> str:
    """``10月9日`` / ``9 Oct``; the year too when it is not the period's."""
    if day is None:
        return ""
    chinese = (get_language() or "zh").startswith("zh")
    if day.year != facts.first.year:
        return f"{day.year}年{day.month}月{day.day}日" if chinese else day.strftime("%-d %b %Y")
    return f"{day.month}月{day.day}日" if chinese else day.strftime("%-d %b")


def _working_days(count: int) -> str:
    return ngettext("%(n)s working day", "%(n)s working days", count) % {"n": count}


def _overdue(count: int) -> str:
    """``2 working days overdue``; just ``overdue`` when only days off have passed."""
    if count <= 0:
        return gettext("overdue")
    return ngettext("%(n)s working day overdue", "%(n)s working days overdue", count) % {"n": count}


def _milestone(line: str, task: TaskFact) -> str:
    return line + gettext(" [milestone]") if task.is_milestone else line


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _numbered(lines: list[str]) -> list[str]:
    return [f"{n}. {line}" for n, line in enumerate(lines, start=1)]


def _heading(title: str, lines: list[str], *, numbered: bool = False) -> list[str]:
    """``title:`` and its lines as a list (numbered or dashed); nothing when there are none."""
    if not lines:
        return []
    items = _numbered(lines) if numbered else [f"- {line}" for line in lines]
    return [gettext("%(title)s:") % {"title": title}, *items]


def _text(lines: list[str], empty: str) -> str:
    return "\n".join(lines) if lines else empty
