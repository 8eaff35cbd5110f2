"""Drafting a service log's text from a period's facts (pure: no database)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from servicebook.communications.drafting import (
    MONTHLY,
    MONTHLY_SECTIONS,
    WEEKLY,
    WEEKLY_SECTIONS,
    ContactFact,
    LateWorkOrder,
    LetterFact,
    MeetingFact,
    PeriodFacts,
    RequestFact,
    TaskFact,
    VisitFact,
    WaitingWorkOrder,
    WorkOrderEvent,
    draft,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _week(**facts: Any) -> PeriodFacts:
    """The week 2026-10-12 … 10-18, drafted after it ended."""
    return PeriodFacts(
        kind=WEEKLY,
        first=date(2026, 10, 12),
        last=date(2026, 10, 18),
        through=date(2026, 10, 18),
        next_first=date(2026, 10, 19),
        next_last=date(2026, 10, 25),
        has_plan=True,
        **facts,
    )


def _task(key: str, start: date, due: date, **fields: Any) -> TaskFact:
    fields.setdefault("name", f"Task {key}")
    fields.setdefault("owner", "Designer1")
    return TaskFact(key=key, start_on=start, due_on=due, **fields)


def test_an_empty_week_reads_as_complete_sentences_not_blanks():
    sections = draft(_week()).sections
    assert set(sections) == set(WEEKLY_SECTIONS)
    assert sections["work_done"] == "No work was recorded as done."
    assert sections["communications"] == "No contact with the client was logged."
    assert sections["awaiting_confirmation"] == "Nothing is waiting for the client's confirmation."
    assert sections["next_plan"] == "No plan task falls in the next week."


def test_work_done_lists_the_tasks_done_in_the_week_and_the_work_order_events():
    facts = _week(
        tasks=[
            _task("R1", date(2026, 10, 8), date(2026, 10, 13), done_on=date(2026, 10, 13)),
            _task("R0", date(2026, 10, 1), date(2026, 10, 9), done_on=date(2026, 10, 9)),
            _task("R9", date(2026, 10, 8), date(2026, 10, 13), done_on=date(2026, 10, 20)),
        ],
        work_order_events=[
            WorkOrderEvent("GD-2026-0001", "楼书设计初稿", "submitted", date(2026, 10, 13), 1),
            WorkOrderEvent("GD-2026-0002", "海报", "approved", date(2026, 10, 14), 1),
            WorkOrderEvent("GD-2026-0003", "DM单页", "done", date(2026, 10, 15)),
        ],
        visits=[VisitFact(date(2026, 10, 16), "江景售楼处", "Supervisor1", "接待流程\n需加强")],
        meetings=[MeetingFact(date(2026, 10, 14), "开盘创意", "采用方案B")],
    )
    text = draft(facts).sections["work_done"]
    assert "1. Task R1 (Designer1, done 13 Oct)" in text
    assert "R0" not in text  # done the week before
    assert "R9" not in text  # done after the week
    assert "GD-2026-0001 楼书设计初稿: round 1 handed to the client on 13 Oct" in text
    assert "GD-2026-0002 海报: approved by the client on 14 Oct" in text
    assert "GD-2026-0003 DM单页: completed on 15 Oct" in text
    assert "16 Oct 江景售楼处 (Supervisor1): 接待流程 需加强" in text
    assert "14 Oct 开盘创意: 采用方案B" in text


def test_communications_list_the_contacts_and_the_letters_sent_and_answered():
    facts = _week(
        contacts=[ContactFact(date(2026, 10, 13), "Phone", "王经理", "确认问卷初稿", "周五前回复")],
        letters=[
            LetterFact("ZX-2026-0001", "样板间开放时间", date(2026, 10, 12), None, None, ""),
            LetterFact(
                "ZX-2026-0002", "推广预算", date(2026, 10, 8), None, date(2026, 10, 13), "同意"
            ),
        ],
    )
    text = draft(facts).sections["communications"]
    assert "13 Oct Phone with 王经理: 确认问卷初稿 (to follow up: 周五前回复)" in text
    assert "ZX-2026-0001 样板间开放时间: sent on 12 Oct" in text
    assert "ZX-2026-0002 推广预算: answered by the client on 13 Oct" in text
    assert "ZX-2026-0002 推广预算: sent on" not in text  # sent the week before


def test_requests_raised_open_with_their_age_and_settled_and_the_issues():
    facts = _week(
        requests=[
            RequestFact("增加竞品对比", date(2026, 10, 14), None, None, 2),
            RequestFact("样板间照片", date(2026, 9, 29), date(2026, 9, 30), None, 8),
            RequestFact("修改楼书", date(2026, 10, 9), date(2026, 10, 9), date(2026, 10, 15), 3),
        ],
        overdue_tasks=[(_task("R2", date(2026, 10, 14), date(2026, 10, 16), owner="Ae1"), 0)],
        late_work_orders=[
            LateWorkOrder("GD-2026-0004", "户型图", "Designer1", date(2026, 10, 14), 2)
        ],
    )
    text = draft(facts).sections["client_requests"]
    assert "14 Oct 增加竞品对比" in text
    assert "增加竞品对比 (raised 14 Oct; open 2 working days, not answered yet)" in text
    assert "样板间照片 (raised 29 Sep; open 8 working days, first answered 30 Sep)" in text
    assert "修改楼书 (settled 15 Oct)" in text
    assert "Plan task Task R2 (Ae1) was due 16 Oct: overdue" in text
    assert (
        "Work order GD-2026-0004 户型图 (Designer1) was due 14 Oct: 2 working days overdue" in text
    )


def test_waiting_for_the_client_lists_handed_in_rounds_and_unanswered_letters():
    facts = _week(
        waiting_work_orders=[
            WaitingWorkOrder("GD-2026-0001", "楼书设计初稿", 2, date(2026, 10, 13), 3)
        ],
        letters=[
            LetterFact(
                "ZX-2026-0001",
                "样板间开放时间",
                date(2026, 10, 12),
                date(2026, 10, 15),
                None,
                "",
                overdue=True,
                late_days=1,
            ),
        ],
    )
    sections = draft(facts).sections
    waiting = sections["awaiting_confirmation"]
    assert (
        "Work order GD-2026-0001 楼书设计初稿, round 2: handed in 13 Oct, "
        "waiting 3 working days for the client's feedback"
    ) in waiting
    assert (
        "Consultation letter ZX-2026-0001 样板间开放时间: sent 12 Oct, answer due 15 Oct "
        "(1 working day overdue)"
    ) in waiting
    assert "the answer was due 15 Oct (1 working day overdue)" in sections["client_requests"]


def test_next_week_lists_the_open_tasks_that_overlap_it_and_marks_milestones():
    facts = _week(
        tasks=[
            _task("R3", date(2026, 10, 19), date(2026, 10, 21)),
            _task("M1", date(2026, 10, 23), date(2026, 10, 23), is_milestone=True, owner=""),
            _task("R4", date(2026, 10, 26), date(2026, 10, 28)),
            _task("R5", date(2026, 10, 19), date(2026, 10, 20), done_on=date(2026, 10, 19)),
        ]
    )
    text = draft(facts).sections["next_plan"]
    assert text.splitlines() == [
        "1. Task R3 (Designer1, 19 Oct – 21 Oct)",
        "2. Task M1 (unassigned, 23 Oct – 23 Oct) [milestone]",
    ]


def test_weekly_figures_count_what_the_text_says():
    facts = _week(
        tasks=[_task("R1", date(2026, 10, 8), date(2026, 10, 13), done_on=date(2026, 10, 13))],
        contacts=[ContactFact(date(2026, 10, 13), "Phone", "王经理", "x")],
        requests=[RequestFact("a", date(2026, 10, 14), None, None, 2)],
        work_order_events=[WorkOrderEvent("GD-1", "t", "submitted", date(2026, 10, 13), 1)],
    )
    figures = draft(facts).figures
    assert figures["tasks_done"] == 1 and figures["contacts"] == 1
    assert figures["requests_raised"] == 1 and figures["requests_open"] == 1
    assert figures["work_orders_submitted"] == 1 and figures["work_orders_done"] == 0


def _month(**facts: Any) -> PeriodFacts:
    return PeriodFacts(
        kind=MONTHLY,
        first=date(2026, 10, 1),
        last=date(2026, 10, 31),
        through=date(2026, 10, 31),
        next_first=date(2026, 11, 1),
        next_last=date(2026, 11, 30),
        **facts,
    )


def test_a_monthly_log_has_progress_against_the_plan_and_the_slip_against_the_baseline():
    tasks = [
        _task("A", date(2026, 10, 8), date(2026, 10, 9), done_on=date(2026, 10, 9), slip=0),
        _task("B", date(2026, 10, 12), date(2026, 10, 14), done_on=date(2026, 10, 16), slip=0),
        _task(
            "C",
            date(2026, 10, 19),
            date(2026, 10, 23),
            baseline_due_on=date(2026, 10, 20),
            slip=3,
        ),
        _task("D", date(2026, 9, 20), date(2026, 9, 30), done_on=date(2026, 10, 8)),
        _task("M", date(2026, 10, 16), date(2026, 10, 16), done_on=date(2026, 10, 16),
              is_milestone=True),
    ]  # fmt: skip
    facts = _month(
        has_plan=True,
        has_baseline=True,
        plan_version=2,
        slip_max=3,
        slip_total=3,
        tasks=tasks,
        overdue_tasks=[(tasks[2], 6)],
    )
    result = draft(facts)
    assert set(result.sections) == set(MONTHLY_SECTIONS)
    progress = result.sections["progress"]
    assert "4 plan lines were due this month: 3 done (2 on time), 1 not done." in progress
    assert "1 line due in another month was also completed." in progress
    assert "1 line of the plan is overdue." in progress
    assert "version 2 in force" in progress and "largest slip 3 working days" in progress
    assert "Task C: baseline 20 Oct, now 23 Oct (3 working days later)" in progress
    assert "Task M (Designer1, done 16 Oct) [milestone]" in result.sections["deliverables"]
    assert result.figures | {"planned": 4, "done": 3, "on_time": 2, "open": 1} == result.figures
    assert result.figures["slip_max"] == 3 and result.figures["milestones_done"] == 1
    assert "Plan task Task C (Designer1) was due 23 Oct" in result.sections["problems"]


def test_a_monthly_log_without_a_signed_plan_says_there_is_no_baseline():
    progress = draft(_month(has_plan=True)).sections["progress"]
    assert "The plan is not signed yet, so there is no baseline to compare with." in progress
    assert draft(_month()).sections["progress"] == "This project has no plan yet."


def test_client_feedback_gathers_work_order_rounds_and_letter_answers():
    facts = _month(
        work_order_events=[
            WorkOrderEvent("GD-1", "海报", "revise", date(2026, 10, 14), 1, "标题再大一些"),
            WorkOrderEvent("GD-1", "海报", "approved", date(2026, 10, 20), 2, ""),
        ],
        letters=[
            LetterFact("ZX-1", "推广预算", date(2026, 10, 8), None, date(2026, 10, 13), "同意")
        ],
    )
    text = draft(facts).sections["client_feedback"]
    assert "14 Oct GD-1 海报, round 1: 标题再大一些" in text
    assert "20 Oct GD-1 海报, round 2: approved" in text
    assert "13 Oct ZX-1 推广预算: 同意" in text


def test_the_draft_is_written_in_the_language_active_when_drafting():
    facts = _week(
        tasks=[_task("R1", date(2026, 10, 8), date(2026, 10, 13), done_on=date(2026, 10, 13))]
    )
    with translation.override("zh-hans"):
        text = draft(facts).sections["work_done"]
    assert "10月13日" in text


def test_a_date_in_another_year_shows_its_year():
    facts = _week(requests=[RequestFact("年终总结", date(2025, 12, 30), None, None, 150)])
    assert "raised 30 Dec 2025" in draft(facts).sections["client_requests"]
