"""TEST SETUP for the service-log tests (no tests here): a fixed clock and a seeded week.

The records of the week are written as rows with their own timestamps (the services stamp
"now", and a week's history needs other days); the services that make them are tested in
their own apps. ``seed_week`` fills the week 2026-10-12 … 10-18 of a project with tasks
done, work orders handed in, approved, closed and late, contacts, requests and letters.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from unittest import mock

from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import department
from servicebook.communications.models import ClientRequest, ConsultationLetter, ContactLog
from servicebook.delivery.models import RoundOutcome, WorkOrder, WorkOrderRound, WorkOrderStatus
from servicebook.projects.models import Plan, PlanTask, PlanVersion, PlanVersionTask, Project

# The Tuesday after the seeded week (last week's log was due yesterday, Monday 10-19).
TODAY = date(2026, 10, 20)
WEEK_START = date(2026, 10, 12)
_real_localdate = timezone.localdate
_numbers = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    """``day`` at ``hour`` o'clock, local time (aware)."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


@contextmanager
def fixed_clock(day: date) -> Iterator[None]:
    """``timezone.localdate()`` is ``day`` and ``timezone.now()`` is ``day`` at 17:00."""

    def localdate(value: Any = None, timezone: Any = None) -> date:
        return day if value is None else _real_localdate(value, timezone)

    with (
        mock.patch("django.utils.timezone.localdate", localdate),
        mock.patch("django.utils.timezone.now", return_value=at(day, 17)),
    ):
        yield


def a_plan(project: Project, start: date) -> Plan:
    """The project's plan (drafted when missing), scheduled from ``start``."""
    existing = Plan.objects.filter(project=project).first()
    if existing is not None:
        return existing
    assert project.lead is not None
    return Plan.objects.create(project=project, start_on=start, created_by=project.lead)


def a_task(
    project: Project, key: str, start: date, due: date, owner: User | None = None, **fields: Any
) -> PlanTask:
    plan = a_plan(project, start)
    return PlanTask.objects.create(
        plan=plan,
        key=key,
        position=PlanTask.objects.filter(plan=plan).count(),
        phase="marketing_planning",
        name_zh=fields.pop("name_zh", f"任务{key}"),
        name_en=fields.pop("name_en", f"Task {key}"),
        owner=owner,
        days=fields.pop("days", 1),
        start_on=start,
        due_on=due,
        **fields,
    )


def a_baseline(plan: Plan, dates: dict[str, tuple[date, date]], version: int = 1) -> None:
    """A kept version of the plan (1 is the signed baseline) with these task dates."""
    kept = PlanVersion.objects.create(plan=plan, number=version)
    PlanVersionTask.objects.bulk_create(
        PlanVersionTask(version=kept, key=key, start_on=start, due_on=due)
        for key, (start, due) in dates.items()
    )


def a_work_order(
    project: Project,
    title: str,
    *,
    issuer: User,
    assignee: User | None,
    due: date,
    status: str = WorkOrderStatus.IN_PROGRESS,
    rounds: list[tuple[datetime, str, datetime | None, str]] = (),  # type: ignore[assignment]
    closed_at: datetime | None = None,
) -> WorkOrder:
    """A work order with rounds (submitted at, outcome, feedback at, feedback)."""
    work_order = WorkOrder.objects.create(
        number=f"GD-2026-{next(_numbers):04d}",
        project=project,
        title=title,
        brief="按定位报告出稿",
        issued_by=issuer,
        department=department("creative"),
        assignee=assignee,
        days=3,
        start_on=date(2026, 10, 8),
        due_on=due,
        status=status,
        closed_at=closed_at,
    )
    WorkOrder.objects.filter(pk=work_order.pk).update(issued_at=at(date(2026, 10, 8), 9))
    for number, (submitted_at, outcome, feedback_at, feedback) in enumerate(rounds, start=1):
        round_ = WorkOrderRound.objects.create(
            work_order=work_order,
            number=number,
            submitted_by=assignee or issuer,
            outcome=outcome,
            client_feedback=feedback,
            feedback_by=issuer if feedback_at else None,
            feedback_at=feedback_at,
        )
        WorkOrderRound.objects.filter(pk=round_.pk).update(submitted_at=submitted_at)
    return work_order


def a_contact(project: Project, when: datetime, by: User, **fields: Any) -> ContactLog:
    fields.setdefault("contact_name", "王经理")
    fields.setdefault("summary", "确认问卷初稿")
    return ContactLog.objects.create(project=project, occurred_at=when, logged_by=by, **fields)


def a_request(project: Project, raised: datetime, by: User, text: str, **fields: Any) -> Any:
    return ClientRequest.objects.create(
        project=project, raised_at=raised, text=text, created_by=by, **fields
    )


def a_letter(
    project: Project, by: User, subject: str, sent: datetime, due: date, **fields: Any
) -> ConsultationLetter:
    return ConsultationLetter.objects.create(
        project=project,
        number=f"ZX-2026-{next(_numbers):04d}",
        addressee_name="王经理",
        subject=subject,
        body="请确认",
        status=fields.pop("status", "sent"),
        created_by=by,
        sent_at=sent,
        sent_by=by,
        answer_due_on=due,
        **fields,
    )


@dataclass
class SeededWeek:
    """What ``seed_week`` made, for the assertions."""

    waiting: WorkOrder
    approved: WorkOrder
    closed: WorkOrder
    late: WorkOrder
    open_letter: ConsultationLetter
    answered_letter: ConsultationLetter


def seed_week(project: Project, lead: User, member: User) -> SeededWeek:
    """The week 2026-10-12 … 10-18 of ``project`` and a little before and after it."""
    a_plan(project, date(2026, 9, 28))
    a_task(
        project,
        "R0",
        date(2026, 10, 8),
        date(2026, 10, 9),
        member,
        done_on=date(2026, 10, 9),
        name_en="Research plan",
    )
    a_task(
        project,
        "R1",
        date(2026, 10, 12),
        date(2026, 10, 13),
        member,
        done_on=date(2026, 10, 13),
        name_en="Questionnaire design",
    )
    a_task(project, "R2", date(2026, 10, 14), date(2026, 10, 16), lead, name_en="Fieldwork")
    a_task(project, "R3", date(2026, 10, 19), date(2026, 10, 21), member, name_en="Statistics")
    a_task(
        project,
        "M1",
        date(2026, 10, 23),
        date(2026, 10, 23),
        lead,
        is_milestone=True,
        name_en="Research report delivered",
    )
    day = date
    waiting = a_work_order(
        project,
        "楼书设计初稿",
        issuer=lead,
        assignee=member,
        due=day(2026, 10, 14),
        status=WorkOrderStatus.SUBMITTED,
        rounds=[(at(day(2026, 10, 13)), RoundOutcome.PENDING, None, "")],
    )
    approved = a_work_order(
        project,
        "海报",
        issuer=lead,
        assignee=member,
        due=day(2026, 10, 12),
        status=WorkOrderStatus.CLIENT_APPROVED,
        rounds=[(at(day(2026, 10, 9)), RoundOutcome.APPROVED, at(day(2026, 10, 14)), "很好")],
    )
    closed = a_work_order(
        project,
        "DM单页",
        issuer=lead,
        assignee=member,
        due=day(2026, 10, 12),
        status=WorkOrderStatus.DONE,
        closed_at=at(day(2026, 10, 15)),
        rounds=[(at(day(2026, 10, 9)), RoundOutcome.APPROVED, at(day(2026, 10, 12)), "")],
    )
    late = a_work_order(project, "户型图", issuer=lead, assignee=member, due=day(2026, 10, 14))
    a_contact(project, at(day(2026, 10, 13)), lead, follow_ups="周五前回复修改意见")
    a_contact(project, at(day(2026, 10, 9)), lead, summary="上周的沟通")
    a_request(project, at(day(2026, 10, 14)), lead, "增加竞品楼盘对比")
    a_request(
        project,
        at(day(2026, 9, 29)),
        lead,
        "提供样板间照片",
        first_reply_at=at(day(2026, 9, 30)),
        first_reply_by=lead,
    )
    a_request(
        project, at(day(2026, 9, 20)), lead, "早已解决的请求", settled_at=at(day(2026, 10, 10))
    )
    open_letter = a_letter(
        project, lead, "样板间开放时间", at(day(2026, 10, 12)), day(2026, 10, 15)
    )
    answered = a_letter(
        project,
        lead,
        "推广预算",
        at(day(2026, 10, 8)),
        day(2026, 10, 13),
        status="answered",
        answered_at=at(day(2026, 10, 13)),
        answer="同意预算",
    )
    return SeededWeek(waiting, approved, closed, late, open_letter, answered)


def grow(project: Project, lead: User, member: User, n: int) -> None:
    """``n`` more of every kind of record in the seeded week (for query counts)."""
    for i in range(n):
        when = at(date(2026, 10, 12 + i % 5), 9 + i % 8)
        a_task(
            project,
            f"G{i}",
            date(2026, 10, 12),
            date(2026, 10, 13),
            member,
            done_on=date(2026, 10, 13),
        )
        a_work_order(
            project,
            f"加稿{i}",
            issuer=lead,
            assignee=member,
            due=date(2026, 10, 16),
            status=WorkOrderStatus.SUBMITTED,
            rounds=[(when, RoundOutcome.PENDING, None, "")],
        )
        a_contact(project, when, lead, summary=f"沟通{i}")
        a_request(project, when, lead, f"请求{i}")
        a_letter(project, lead, f"咨询{i}", when, date(2026, 10, 16))
