"""Drafting the project plan from the catalog: dates, chaining, owners, refusals, edits."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from servicebook.accounts.models import User
from servicebook.catalog.models import Deliverable, ServiceLine
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.workdays import working_days_between
from servicebook.projects.choices import PlanStatus, PlanTaskKind
from servicebook.projects.models import Plan, PlanTask, Project
from servicebook.projects.services import plan_generate, plan_task_update, team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

START = date(2026, 9, 28)


def _lines(*codes: str) -> list[ServiceLine]:
    return list(ServiceLine.objects.filter(code__in=codes))


def _survey() -> Deliverable:
    return Deliverable.objects.get(template_code="market_survey")


@pytest.fixture
def project(ae: User) -> Project:
    return project_for(ae, services=_lines("market_research", "marketing_planning"))


def _dates(plan: Plan, key: str) -> tuple[str, str]:
    task = plan.tasks.get(key=key)
    return task.start_on.isoformat(), task.due_on.isoformat()


def test_the_market_survey_steps_follow_the_national_day_calendar(project, ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    d = _survey().pk
    assert [_dates(plan, f"d{d}.{n}") for n in range(6)] == [
        ("2026-09-28", "2026-09-29"),  # research plan
        ("2026-09-30", "2026-10-08"),  # questionnaire, across the National Day holiday
        ("2026-10-09", "2026-10-14"),  # fieldwork, across the 10-10 make-up Saturday
        ("2026-10-15", "2026-10-19"),  # statistics
        ("2026-10-20", "2026-10-21"),  # analysis
        ("2026-10-22", "2026-10-23"),  # report
    ]
    assert plan.status == PlanStatus.DRAFT and plan.version == 1


def test_the_planning_outline_is_due_after_seven_working_days_of_its_start(project, ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    outline = Deliverable.objects.get(template_code="planning_outline")
    steps = list(plan.tasks.filter(deliverable=outline, kind=PlanTaskKind.TASK, is_milestone=False))
    assert sum(step.days for step in steps) == 7
    done = plan.tasks.get(key=f"d{outline.pk}.done")
    assert done.is_milestone and done.due_on == steps[-1].due_on
    assert working_days_between(steps[0].start_on, done.due_on) == 6  # start is day 1


def test_every_deliverable_starts_with_the_plan_and_its_steps_follow_each_other(project, ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    for deliverable in Deliverable.objects.filter(service_line__in=project.services.all()):
        steps = list(
            plan.tasks.filter(
                deliverable=deliverable, kind=PlanTaskKind.TASK, is_milestone=False
            ).order_by("position")
        )
        if not steps:
            continue
        assert steps[0].start_on == START and not steps[0].depends_on.exists()
        for before, after in itertools.pairwise(steps):
            assert [t.key for t in after.depends_on.all()] == [before.key]
            assert after.start_on > before.due_on


def test_each_deliverable_has_a_milestone_and_a_client_communication_on_its_due_date(project, ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    deliverables = plan.tasks.filter(kind=PlanTaskKind.TASK, is_milestone=False)
    count = deliverables.values("deliverable").distinct().count()
    assert plan.tasks.filter(is_milestone=True).count() == count
    for talk in plan.tasks.filter(kind=PlanTaskKind.CLIENT_COMMUNICATION):
        milestone = plan.tasks.get(key=f"d{talk.deliverable_id}.done")
        assert talk.due_on == milestone.due_on and talk.days == 1


def test_recurring_deliverables_are_not_planned_and_supervision_visits_are(ae):
    project = project_for(ae, services=_lines("sales_supervision"))
    plan = plan_generate(actor=ae, project=project, start_on=START)
    assert not plan.tasks.filter(deliverable__recurring="daily").exists()
    visits = list(plan.tasks.filter(kind=PlanTaskKind.SUPERVISION_VISIT).order_by("start_on"))
    assert visits and all(v.phase == "sales_supervision" for v in visits)
    assert visits[-1].due_on <= max(t.due_on for t in plan.tasks.all())


def test_owners_come_from_the_team_primaries_else_the_lead(project, ae, gm, designer):
    team_member_add(actor=gm, project=project, user=designer, role="researcher", is_backup=False)
    plan = plan_generate(actor=ae, project=project, start_on=START)
    assert {t.owner_id for t in plan.tasks.filter(phase="market_research")} == {designer.pk}
    assert {t.owner_id for t in plan.tasks.filter(phase="marketing_planning")} == {ae.pk}


def test_generating_twice_is_refused(project, ae):
    plan_generate(actor=ae, project=project, start_on=START)
    with pytest.raises(DomainError):
        plan_generate(actor=ae, project=project, start_on=START)
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("ae", True), ("mkt_manager", True), ("gm", True), ("other_ae", False), ("designer", False)],
)
def test_only_the_lead_the_department_manager_and_the_gm_generate(
    request, project, persona, allowed
):
    actor = request.getfixturevalue(persona)
    if allowed:
        assert plan_generate(actor=actor, project=project, start_on=START).created_by == actor
    else:
        with pytest.raises(PermissionDenied):
            plan_generate(actor=actor, project=project, start_on=START)
        assert not Plan.objects.exists()


def test_editing_a_draft_task_recomputes_its_due_date(project, ae, gm, designer):
    team_member_add(actor=gm, project=project, user=designer, role="planner", is_backup=True)
    plan = plan_generate(actor=ae, project=project, start_on=START)
    task = plan.tasks.get(key=f"d{_survey().pk}.1")
    updated = plan_task_update(
        actor=ae, task=task, owner=designer, start_on=date(2026, 9, 30), days=3
    )
    task.refresh_from_db()
    assert (task.owner, task.start_on, task.due_on, task.days) == (
        designer,
        date(2026, 9, 30),
        date(2026, 10, 9),
        3,
    )
    assert updated.due_on == task.due_on


def test_editing_a_draft_task_moves_the_tasks_that_depend_on_it(project, ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    questionnaire = plan.tasks.get(key=f"d{_survey().pk}.1")
    fieldwork = plan.tasks.get(key=f"d{_survey().pk}.2")
    assert fieldwork.start_on == date(2026, 10, 9)
    plan_task_update(
        actor=ae, task=questionnaire, owner=None, start_on=START.replace(day=30), days=4
    )
    fieldwork.refresh_from_db()
    # The questionnaire now ends 2026-10-10 (the make-up Saturday); fieldwork starts after it.
    assert (fieldwork.start_on, fieldwork.days) == (date(2026, 10, 12), 5)
    with pytest.raises(DomainError):
        plan_task_update(actor=ae, task=fieldwork, owner=None, start_on=START, days=5)
    fieldwork.refresh_from_db()
    assert fieldwork.start_on == date(2026, 10, 12)


def test_a_start_on_a_holiday_moves_to_the_next_working_day(project, ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    task = plan.tasks.first()
    plan_task_update(actor=ae, task=task, owner=None, start_on=date(2026, 10, 3), days=1)
    task.refresh_from_db()
    assert (task.start_on, task.due_on) == (date(2026, 10, 8), date(2026, 10, 8))


def test_editing_is_refused_outside_the_team_off_the_team_and_on_a_non_draft(project, ae, other_ae):
    plan = plan_generate(actor=ae, project=project, start_on=START)
    task = plan.tasks.first()
    with pytest.raises(PermissionDenied):
        plan_task_update(actor=other_ae, task=task, owner=None, start_on=START, days=2)
    with pytest.raises(DomainError) as off_team:
        plan_task_update(actor=ae, task=task, owner=other_ae, start_on=START, days=2)
    assert off_team.value.field == "owner"
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    with pytest.raises(DomainError):
        plan_task_update(actor=ae, task=task, owner=None, start_on=START, days=2)
    assert PlanTask.objects.get(pk=task.pk).days == task.days
