"""Scheduling steps with dependencies on the working-day calendar (SPEC §6)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from servicebook.catalog.models import Deliverable, ServiceLine, TemplateStep, WorkTemplate
from servicebook.catalog.scheduling import (
    ScheduledStep,
    StepSpec,
    calendar_for,
    schedule,
    steps_for_deliverable,
)
from servicebook.core.errors import DomainError
from servicebook.core.models import CalendarOverride, OverrideKind
from servicebook.core.workdays import WorkingCalendar, due_date, next_working_day

D = date.fromisoformat


class WeekdayCalendar:
    """Monday to Friday, no holidays: schedules tested without any database."""

    def next_working_day(self, d: date) -> date:
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return d

    def due_date(self, start: date, days: int) -> date:
        day = self.next_working_day(start)
        for _ in range(days - 1):
            day = self.next_working_day(day + timedelta(days=1))
        return day


def chain(*steps: tuple[str, int]) -> list[StepSpec]:
    """Steps each waiting for the one before."""
    specs: list[StepSpec] = []
    for key, days in steps:
        specs.append(StepSpec(key, key, days, (specs[-1].key,) if specs else ()))
    return specs


MARKET_RESEARCH = chain(
    ("research_plan", 2),
    ("questionnaire", 2),
    ("fieldwork", 5),
    ("statistics", 3),
    ("analysis", 2),
    ("report", 2),
)


def schedule_market_research() -> list[ScheduledStep]:
    start = D("2026-09-28")
    return schedule(MARKET_RESEARCH, start, calendar_for(MARKET_RESEARCH, start))


# The market-research method across National Day 2026 -------------------------------------

# Worked by hand: 2026-09-28 is a Monday; 10-01..10-07 are the National Day holiday; the
# Saturday 10-10 is a make-up working day (调休), the Sunday 10-11 is not.
#   research plan  2d  09-28 Mon, 09-29 Tue
#   questionnaire  2d  09-30 Wed, (holiday) 10-08 Thu
#   fieldwork      5d  10-09 Fri, 10-10 Sat (make-up), 10-12 Mon, 10-13 Tue, 10-14 Wed
#   statistics     3d  10-15 Thu, 10-16 Fri, 10-19 Mon
#   analysis       2d  10-20 Tue, 10-21 Wed
#   report         2d  10-22 Thu, 10-23 Fri
MARKET_RESEARCH_DATES = [
    ("research_plan", "2026-09-28", "2026-09-29"),
    ("questionnaire", "2026-09-30", "2026-10-08"),
    ("fieldwork", "2026-10-09", "2026-10-14"),
    ("statistics", "2026-10-15", "2026-10-19"),
    ("analysis", "2026-10-20", "2026-10-21"),
    ("report", "2026-10-22", "2026-10-23"),
]


@pytest.mark.django_db
def test_market_research_from_september_28_crosses_national_day_and_the_makeup_saturday() -> None:
    plan = schedule(
        MARKET_RESEARCH, D("2026-09-28"), calendar_for(MARKET_RESEARCH, D("2026-09-28"))
    )
    assert [(step.key, step.start.isoformat(), step.due.isoformat()) for step in plan] == (
        MARKET_RESEARCH_DATES
    )
    assert [step.days for step in plan] == [2, 2, 5, 3, 2, 2]


@pytest.mark.django_db
def test_the_market_research_dates_agree_with_the_working_day_functions() -> None:
    plan = schedule(
        MARKET_RESEARCH, D("2026-09-28"), calendar_for(MARKET_RESEARCH, D("2026-09-28"))
    )
    previous_due: date | None = None
    for step in plan:
        if previous_due is not None:
            assert step.start == next_working_day(previous_due + timedelta(days=1))
        assert step.due == due_date(step.start, step.days)
        previous_due = step.due
    fieldwork = plan[2]
    assert D("2026-10-10") in WorkingCalendar.for_span(
        fieldwork.start, fieldwork.due
    ).working_days_in_range(fieldwork.start, fieldwork.due)


@pytest.mark.django_db
def test_an_agency_closure_pushes_the_plan_back_by_a_day() -> None:
    CalendarOverride.objects.create(date=D("2026-10-09"), kind=OverrideKind.CLOSURE)
    plan = schedule(
        MARKET_RESEARCH, D("2026-09-28"), calendar_for(MARKET_RESEARCH, D("2026-09-28"))
    )
    assert (plan[2].start, plan[2].due) == (D("2026-10-10"), D("2026-10-15"))
    assert plan[-1].due == D("2026-10-26")


# Rules of the schedule, on a plain weekday calendar ----------------------------------------


def test_a_start_on_a_sunday_moves_to_monday() -> None:
    plan = schedule([StepSpec("brief", "Brief", 1)], D("2026-11-22"), WeekdayCalendar())
    assert plan == [ScheduledStep("brief", D("2026-11-23"), D("2026-11-23"), 1)]


@pytest.mark.django_db
def test_a_start_on_a_sunday_moves_to_monday_on_the_official_calendar() -> None:
    steps = chain(("brief", 2))
    plan = schedule(steps, D("2026-11-22"), calendar_for(steps, D("2026-11-22")))
    assert (plan[0].start, plan[0].due) == (D("2026-11-23"), D("2026-11-24"))


def test_a_step_waits_for_the_latest_of_two_independent_branches() -> None:
    steps = [
        StepSpec("copy", "Copy", 2),
        StepSpec("survey", "Survey", 4),
        StepSpec("sketch", "Sketch", 1, ("copy",)),
        StepSpec("design", "Design", 3, ("sketch", "survey")),
    ]
    plan = {step.key: step for step in schedule(steps, D("2026-11-23"), WeekdayCalendar())}
    # copy Mon–Tue → sketch Wed; survey Mon–Thu; design after the later one: Fri, Mon, Tue.
    assert (plan["copy"].start, plan["copy"].due) == (D("2026-11-23"), D("2026-11-24"))
    assert (plan["sketch"].start, plan["sketch"].due) == (D("2026-11-25"), D("2026-11-25"))
    assert (plan["survey"].start, plan["survey"].due) == (D("2026-11-23"), D("2026-11-26"))
    assert (plan["design"].start, plan["design"].due) == (D("2026-11-27"), D("2026-12-01"))


def test_the_schedule_follows_the_order_of_the_steps_given_not_their_dependencies() -> None:
    steps = [StepSpec("b", "B", 1, ("a",)), StepSpec("a", "A", 1)]
    assert [step.key for step in schedule(steps, D("2026-11-23"), WeekdayCalendar())] == ["b", "a"]


def test_a_dependency_cycle_raises() -> None:
    steps = [
        StepSpec("a", "A", 1),
        StepSpec("b", "B", 1, ("a", "d")),
        StepSpec("c", "C", 1, ("b",)),
        StepSpec("d", "D", 1, ("c",)),
    ]
    with pytest.raises(ValueError, match="cycle"):
        schedule(steps, D("2026-11-23"), WeekdayCalendar())


def test_a_step_depending_on_itself_raises() -> None:
    with pytest.raises(ValueError, match="cycle"):
        schedule([StepSpec("a", "A", 1, ("a",))], D("2026-11-23"), WeekdayCalendar())


def test_a_dependency_on_an_unknown_step_raises() -> None:
    with pytest.raises(ValueError, match="unknown"):
        schedule([StepSpec("a", "A", 1, ("ghost",))], D("2026-11-23"), WeekdayCalendar())


def test_two_steps_with_the_same_key_raise() -> None:
    with pytest.raises(ValueError, match="share the key"):
        schedule([StepSpec("a", "A", 1), StepSpec("a", "A", 2)], D("2026-11-23"), WeekdayCalendar())


def test_a_step_of_no_days_raises() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        schedule([StepSpec("a", "A", 0)], D("2026-11-23"), WeekdayCalendar())


def test_an_empty_plan_schedules_nothing() -> None:
    assert schedule([], D("2026-11-23"), WeekdayCalendar()) == []


# Steps of a catalog deliverable -------------------------------------------------------------


@pytest.mark.django_db
def test_a_market_survey_deliverable_plans_the_template_steps_one_after_another() -> None:
    survey = Deliverable.objects.get(template_code="market_survey")
    steps = steps_for_deliverable(survey)
    assert [step.days for step in steps] == [2, 2, 5, 3, 2, 2]
    assert [step.key for step in steps] == [f"d{survey.pk}.{n}" for n in range(6)]
    assert steps[0].depends_on == ()
    assert all(step.depends_on == (before.key,) for before, step in pairwise(steps))
    plan = schedule(steps, D("2026-09-28"), calendar_for(steps, D("2026-09-28")))
    assert [(s.start.isoformat(), s.due.isoformat()) for s in plan] == [
        (start, due) for _, start, due in MARKET_RESEARCH_DATES
    ]


@pytest.mark.django_db
def test_a_deliverable_without_a_template_is_one_step_of_its_standard_duration() -> None:
    feasibility = Deliverable.objects.get(name_en="Feasibility report")
    assert steps_for_deliverable(feasibility) == [
        StepSpec(f"d{feasibility.pk}", feasibility.name, 5)
    ]


@pytest.mark.django_db
def test_a_recurring_deliverable_without_a_duration_cannot_be_planned() -> None:
    with pytest.raises(DomainError):
        steps_for_deliverable(Deliverable.objects.get(recurring="daily"))


@pytest.mark.django_db
def test_a_step_the_gm_unticked_runs_alongside_the_previous_one_and_the_next_waits_for_both() -> (
    None
):
    template = WorkTemplate.objects.get(code="print_design")
    TemplateStep.objects.filter(template=template, position=2).update(depends_on_previous=False)
    deliverable = Deliverable.objects.filter(template_code="print_design").first()
    assert deliverable is not None
    first, copy, sketches, design, proofing = steps_for_deliverable(deliverable)
    assert copy.depends_on == sketches.depends_on == (first.key,)
    assert design.depends_on == (copy.key, sketches.key)
    assert proofing.depends_on == (design.key,)


@pytest.mark.django_db
def test_a_template_step_without_any_duration_cannot_be_planned() -> None:
    TemplateStep.objects.filter(template__code="campaign", position=1).update(days=None)
    deliverable = Deliverable.objects.get(template_code="campaign")
    with pytest.raises(DomainError):
        steps_for_deliverable(deliverable)


@pytest.mark.django_db
def test_templates_passed_in_are_used_without_reading_them_again(
    django_assert_num_queries,
) -> None:
    deliverables = list(Deliverable.objects.exclude(template_code=""))
    templates = WorkTemplate.objects.by_code(d.template_code for d in deliverables)
    with django_assert_num_queries(0):
        for deliverable in deliverables:
            assert steps_for_deliverable(deliverable, templates)


@pytest.mark.django_db
def test_scheduling_a_forty_step_plan_loads_the_calendar_once(django_assert_num_queries) -> None:
    line = ServiceLine.objects.get(code="marketing_planning")
    template = WorkTemplate.objects.create(code="big", name_zh="大项目", name_en="Big project")
    TemplateStep.objects.bulk_create(
        TemplateStep(template=template, position=n, name_zh=f"步骤{n}", name_en=f"Step {n}", days=3)
        for n in range(40)
    )
    deliverable = Deliverable.objects.create(
        service_line=line, name_zh="大交付物", name_en="Big deliverable", template_code="big"
    )
    with django_assert_num_queries(3):  # the template, its steps, the calendar's overrides
        steps = steps_for_deliverable(deliverable)
        plan = schedule(steps, D("2026-09-28"), calendar_for(steps, D("2026-09-28")))
    assert len(plan) == 40
    assert plan[-1].due > D("2027-02-01")  # the walk runs past Spring Festival 2027 too
