"""Progress and the weekly plan: who marks a task done or reopens it, and the lead's note."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from unittest import mock

import pytest
from django.utils import translation

from servicebook.accounts.models import User
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.choices import PlanStatus
from servicebook.projects.models import Plan, PlanTask, Project, WeeklyNote
from servicebook.projects.services import (
    plan_approve,
    plan_generate,
    plan_sign,
    plan_task_mark_done,
    plan_task_mark_open,
    team_member_add,
    weekly_note_save,
)
from servicebook.projects.services.schedule import WEEKLY_NOTE_MAX_LENGTH
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 14)
PERSONAS = ["gm", "mkt_manager", "ka_manager", "ae", "other_ae", "designer", "outsider"]
# A Marketing project led by ``ae``; ``designer`` owns the task; ``other_ae`` is on the team.
MAY_MARK = {"gm", "mkt_manager", "ae", "designer"}
MAY_WRITE_NOTE = {"gm", "mkt_manager", "ae"}


@pytest.fixture(autouse=True)
def _english_and_a_fixed_day() -> Iterator[None]:
    """Messages are matched in English; "today" is Wednesday 2026-10-14."""
    with (
        translation.override("en"),
        mock.patch("django.utils.timezone.localdate", return_value=TODAY),
    ):
        yield


@pytest.fixture
def project(ae: User, gm: User, designer: User, other_ae: User) -> Project:
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    team_member_add(actor=gm, project=project, user=other_ae, role="ap", is_backup=False)
    return project


def a_task(project: Project, owner: User | None, start: date, due: date, **fields) -> PlanTask:
    """TEST SETUP: one task on the project's plan (the plan is drafted when missing)."""
    plan = Plan.objects.filter(project=project).first() or Plan.objects.create(
        project=project, start_on=start, created_by=project.lead
    )
    n = PlanTask.objects.filter(plan=plan).count()
    return PlanTask.objects.create(
        plan=plan,
        key=f"t{n}",
        position=n,
        phase="marketing_planning",
        name_zh=f"任务{n}",
        name_en=f"Task {n}",
        owner=owner,
        days=fields.pop("days", 3),
        start_on=start,
        due_on=due,
        **fields,
    )


@pytest.fixture
def task(project: Project, designer: User) -> PlanTask:
    return a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_mark_a_task_done(request, persona, task):
    actor = request.getfixturevalue(persona)
    if persona in MAY_MARK:
        done = plan_task_mark_done(actor=actor, task=task, done_on=TODAY)
        assert (done.done_on, done.done_by, done.is_done) == (TODAY, actor, True)
    else:
        with pytest.raises(PermissionDenied):
            plan_task_mark_done(actor=actor, task=task, done_on=TODAY)
        task.refresh_from_db()
        assert task.done_on is None and task.done_by is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_reopen_a_task(request, persona, task, designer):
    plan_task_mark_done(actor=designer, task=task, done_on=TODAY)
    actor = request.getfixturevalue(persona)
    if persona in MAY_MARK:
        reopened = plan_task_mark_open(actor=actor, task=task)
        assert (reopened.done_on, reopened.done_by) == (None, None)
    else:
        with pytest.raises(PermissionDenied):
            plan_task_mark_open(actor=actor, task=task)
        task.refresh_from_db()
        assert task.done_on == TODAY


def test_an_inactive_owner_may_not_mark_their_task(task, designer):
    User.objects.filter(pk=designer.pk).update(is_active=False)
    designer.refresh_from_db()
    with pytest.raises(PermissionDenied):
        plan_task_mark_done(actor=designer, task=task, done_on=TODAY)


def test_a_task_cannot_be_done_in_the_future(task, designer):
    with pytest.raises(DomainError) as refused:
        plan_task_mark_done(actor=designer, task=task, done_on=date(2026, 10, 15))
    assert refused.value.field == "done_on"
    assert "future" in str(refused.value.message)
    task.refresh_from_db()
    assert task.done_on is None


def test_a_task_cannot_be_done_before_it_starts(task, designer):
    with pytest.raises(DomainError) as refused:
        plan_task_mark_done(actor=designer, task=task, done_on=date(2026, 10, 9))
    assert refused.value.field == "done_on" and "2026-10-12" in str(refused.value.message)
    assert plan_task_mark_done(actor=designer, task=task, done_on=date(2026, 10, 12)).is_done


def test_a_task_done_ahead_of_its_due_date_keeps_its_dates(task, designer):
    done = plan_task_mark_done(actor=designer, task=task, done_on=TODAY)
    done.refresh_from_db()
    assert (done.start_on, done.due_on, done.days) == (date(2026, 10, 12), date(2026, 10, 16), 3)


def test_a_done_task_is_reopened_before_its_date_changes(task, designer):
    plan_task_mark_done(actor=designer, task=task, done_on=date(2026, 10, 13))
    with pytest.raises(DomainError, match="already done"):
        plan_task_mark_done(actor=designer, task=task, done_on=TODAY)
    task.refresh_from_db()
    assert task.done_on == date(2026, 10, 13)


def test_an_open_task_cannot_be_reopened(task, designer):
    with pytest.raises(DomainError, match="not marked done"):
        plan_task_mark_open(actor=designer, task=task)


def test_progress_is_recorded_on_a_locked_plan_and_the_dates_stay(ae, mkt_manager):
    project = project_for(ae)
    plan = plan_generate(actor=ae, project=project, start_on=date(2026, 9, 28))
    plan_approve(actor=mkt_manager, plan=plan)
    plan = plan_sign(actor=ae, plan=plan, signer_name="王经理", signed_on=date(2026, 9, 25))
    assert plan.status == PlanStatus.LOCKED
    task = plan.tasks.order_by("position").first()
    before = (task.start_on, task.due_on, task.days, task.owner_id)
    plan_task_mark_done(actor=ae, task=task, done_on=max(task.start_on, date(2026, 9, 28)))
    task.refresh_from_db()
    assert task.is_done and (task.start_on, task.due_on, task.days, task.owner_id) == before
    plan_task_mark_open(actor=ae, task=task)
    task.refresh_from_db()
    assert not task.is_done and (task.start_on, task.due_on) == before[:2]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.LOCKED


def test_an_unassigned_task_is_marked_by_the_lead_or_a_manager_only(project, ae, other_ae):
    task = a_task(project, None, date(2026, 10, 12), date(2026, 10, 13))
    with pytest.raises(PermissionDenied):
        plan_task_mark_done(actor=other_ae, task=task, done_on=TODAY)
    assert plan_task_mark_done(actor=ae, task=task, done_on=TODAY).done_by == ae


# The weekly note (周计划)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_write_the_weekly_note(request, persona, project):
    actor = request.getfixturevalue(persona)
    if persona in MAY_WRITE_NOTE:
        note = weekly_note_save(actor=actor, project=project, week_start=TODAY, text="本周重点")
        assert note is not None and (note.author, note.text) == (actor, "本周重点")
    else:
        with pytest.raises(PermissionDenied):
            weekly_note_save(actor=actor, project=project, week_start=TODAY, text="本周重点")
        assert not WeeklyNote.objects.exists()


def test_the_note_is_kept_by_the_monday_of_its_week(project, ae):
    note = weekly_note_save(actor=ae, project=project, week_start=date(2026, 10, 18), text="周日写")
    assert note is not None and note.week_start == date(2026, 10, 12)


def test_saving_the_same_week_again_changes_the_one_note(project, ae, mkt_manager):
    weekly_note_save(actor=ae, project=project, week_start=date(2026, 10, 12), text="第一稿")
    note = weekly_note_save(
        actor=mkt_manager, project=project, week_start=date(2026, 10, 15), text="  第二稿  "
    )
    assert WeeklyNote.objects.count() == 1
    stored = WeeklyNote.objects.get()
    assert (stored.pk, stored.text, stored.author) == (note.pk, "第二稿", mkt_manager)


def test_empty_text_deletes_the_note(project, ae):
    weekly_note_save(actor=ae, project=project, week_start=TODAY, text="本周重点")
    assert weekly_note_save(actor=ae, project=project, week_start=TODAY, text="  \n ") is None
    assert not WeeklyNote.objects.exists()
    assert weekly_note_save(actor=ae, project=project, week_start=TODAY, text="") is None


def test_notes_of_other_weeks_and_projects_are_left_alone(project, ae):
    other = project_for(ae)
    weekly_note_save(actor=ae, project=project, week_start=date(2026, 10, 5), text="上周")
    weekly_note_save(actor=ae, project=other, week_start=TODAY, text="另一个项目")
    weekly_note_save(actor=ae, project=project, week_start=TODAY, text="本周")
    weekly_note_save(actor=ae, project=project, week_start=TODAY, text="")
    assert sorted(WeeklyNote.objects.values_list("text", flat=True)) == ["上周", "另一个项目"]


def test_a_note_too_long_is_refused_and_nothing_changes(project, ae):
    weekly_note_save(actor=ae, project=project, week_start=TODAY, text="原稿")
    with pytest.raises(DomainError) as refused:
        weekly_note_save(
            actor=ae, project=project, week_start=TODAY, text="长" * (WEEKLY_NOTE_MAX_LENGTH + 1)
        )
    assert refused.value.field == "text"
    assert WeeklyNote.objects.get().text == "原稿"
