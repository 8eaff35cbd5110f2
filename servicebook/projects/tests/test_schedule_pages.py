"""The weekly and monthly plan pages: a project's, a person's, marking done, the weekly note."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import make_manager
from servicebook.projects.models import Plan, PlanTask, Project, WeeklyNote
from servicebook.projects.services import (
    plan_generate,
    plan_task_mark_done,
    team_member_add,
    weekly_note_save,
)
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 14)  # Wednesday of 2026-W42
# session, user, job roles, managed departments, project, services, plan, calendar
# overrides, tasks, tasks carried over, weekly note, the top bar's department, notifications.
PROJECT_WEEK_QUERIES = 13
# The same, for a month without today: no carried-over tasks.
PROJECT_MONTH_QUERIES = 12
# session, user, job roles, managed departments, calendar overrides, tasks, the top bar's
# department, notifications (a week without today: nothing carried over).
MY_WEEK_QUERIES = 8


@pytest.fixture(autouse=True)
def _english_and_a_fixed_day() -> Iterator[None]:
    with (
        translation.override("en"),
        mock.patch("django.utils.timezone.localdate", return_value=TODAY),
    ):
        yield


def _browser(user: User) -> Browser:
    User.objects.filter(pk=user.pk).update(language="en")
    browser = Browser()
    browser.force_login(user)
    return browser


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


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
        name_en=fields.pop("name_en", f"Task {n}"),
        owner=owner,
        days=fields.pop("days", 3),
        start_on=start,
        due_on=due,
        **fields,
    )


def _url(project: Project, query: str = "") -> str:
    return f"/projects/{project.pk}/schedule/{query}"


# The project's week and month


def test_the_week_lists_the_tasks_that_overlap_it_grouped_by_owner(project, ae, designer):
    a_task(project, designer, date(2026, 10, 9), date(2026, 10, 20), name_en="Design draft")
    a_task(project, ae, date(2026, 10, 5), date(2026, 10, 12), name_en="Brief")
    a_task(project, None, date(2026, 10, 11), date(2026, 10, 11), name_en="Sunday slot")
    a_task(project, ae, date(2026, 10, 12), date(2026, 10, 30), name_en="Next week")
    a_task(
        project,
        ae,
        date(2026, 9, 21),
        date(2026, 9, 25),
        name_en="Long done",
        done_on=date(2026, 9, 25),
    )
    response = _browser(ae).get(_url(project, "?week=2026-W41"))
    assert response.status_code == 200
    schedule = response.context["schedule"]
    assert schedule.period.key == "2026-W41" and schedule.working_days == 3
    groups = [(g.person, [(r.task.name_en, r.days) for r in g.rows]) for g in schedule.groups]
    assert groups == [
        (ae, [("Brief", 3)]),
        (designer, [("Design draft", 2)]),
        (None, [("Sunday slot", 0)]),
    ]
    html = response.content.decode()
    assert "This week has 3 working days." in html and "Unassigned" in html
    assert "make-up working day" in html  # Saturday 10-10


def test_the_national_day_week_shows_three_working_days(project, ae):
    schedule = _browser(ae).get(_url(project, "?week=2026-W40")).context["schedule"]
    assert schedule.working_days == 3
    assert [d for d, working in schedule.days if working] == [
        date(2026, 9, 28),
        date(2026, 9, 29),
        date(2026, 9, 30),
    ]


def test_without_a_period_the_page_shows_this_week(project, ae):
    response = _browser(ae).get(_url(project))
    assert response.context["period"].key == "2026-W42"
    assert response.context["nav"].current is None
    nav = _browser(ae).get(_url(project, "?week=2026-W41")).context["nav"]
    assert (nav.previous, nav.next, nav.current) == (
        "?week=2026-W40",
        "?week=2026-W42",
        "?week=2026-W42",
    )
    assert nav.month == "?period=month&month=2026-10"


def test_a_malformed_period_falls_back_to_this_week(project, ae):
    assert _browser(ae).get(_url(project, "?week=2026-W99")).context["period"].key == "2026-W42"


def test_overdue_tasks_are_flagged_and_earlier_open_tasks_are_carried_over(project, ae):
    late = a_task(project, ae, date(2026, 10, 8), date(2026, 10, 13), name_en="Late one")
    a_task(
        project,
        ae,
        date(2026, 10, 8),
        date(2026, 10, 13),
        name_en="Done one",
        done_on=date(2026, 10, 13),
    )
    earlier = a_task(project, ae, date(2026, 9, 1), date(2026, 9, 30), name_en="Forgotten")
    response = _browser(ae).get(_url(project))
    schedule = response.context["schedule"]
    rows = {r.task.name_en: r for g in schedule.groups for r in g.rows}
    assert rows["Late one"].overdue and not rows["Done one"].overdue
    assert [r.task for r in schedule.carried] == [earlier]
    assert schedule.groups[0].overdue_count == 1
    html = response.content.decode()
    assert "Overdue" in html and f"schedule-task-{late.pk}" in html
    # A week without today carries nothing over.
    assert _browser(ae).get(_url(project, "?week=2026-W43")).context["schedule"].carried == []


def test_the_month_lists_its_tasks_and_the_weekly_notes_of_its_weeks(project, ae):
    a_task(project, ae, date(2026, 9, 28), date(2026, 10, 9), name_en="Spans the month start")
    a_task(project, ae, date(2026, 11, 2), date(2026, 11, 3), name_en="November")
    for day, text in [
        (date(2026, 9, 21), "九月第四周"),
        (date(2026, 9, 28), "国庆周"),
        (date(2026, 10, 26), "十月最后一周"),
        (date(2026, 11, 2), "十一月"),
    ]:
        weekly_note_save(actor=ae, project=project, week_start=day, text=text)
    response = _browser(ae).get(_url(project, "?period=month&month=2026-10"))
    schedule = response.context["schedule"]
    assert schedule.period.key == "2026-10" and schedule.working_days == 18
    assert [r.task.name_en for g in schedule.groups for r in g.rows] == ["Spans the month start"]
    assert [r.days for g in schedule.groups for r in g.rows] == [2]  # 10-08, 10-09
    assert [n.text for n in schedule.notes] == ["国庆周", "十月最后一周"]
    html = response.content.decode()
    assert "?week=2026-W40" in html and response.context["note_form"] is None


def test_the_lead_gets_the_note_form_and_a_team_member_reads_the_note(project, ae, designer):
    weekly_note_save(actor=ae, project=project, week_start=TODAY, text="本周交设计初稿")
    lead = _browser(ae).get(_url(project)).context
    assert lead["note_form"].initial == {"week_start": date(2026, 10, 12), "text": "本周交设计初稿"}
    member = _browser(designer).get(_url(project))
    assert member.context["note_form"] is None
    assert "本周交设计初稿" in member.content.decode()
    assert "/schedule/note/" not in member.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "ka_manager"])
def test_someone_who_cannot_see_the_project_gets_404(request, persona, project):
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(_url(project)).status_code == 404
    assert browser.post(f"/projects/{project.pk}/schedule/note/", {}).status_code == 404


def test_a_project_without_a_plan_says_so(project, ae):
    response = _browser(ae).get(_url(project))
    assert response.context["schedule"].plan is None
    assert "no plan yet" in response.content.decode()


def test_only_the_current_plan_version_counts(project, ae):
    a_task(project, ae, date(2026, 10, 12), date(2026, 10, 13), name_en="Old version")
    newer = Plan.objects.create(project=project, version=2, start_on=TODAY, created_by=ae)
    PlanTask.objects.create(
        plan=newer,
        key="n",
        phase="x",
        name_zh="新",
        name_en="New version",
        owner=ae,
        days=1,
        start_on=TODAY,
        due_on=TODAY,
    )
    schedule = _browser(ae).get(_url(project)).context["schedule"]
    assert [r.task.name_en for g in schedule.groups for r in g.rows] == ["New version"]
    mine = _browser(ae).get("/projects/my-schedule/").context["schedule"]
    assert [r.task.name_en for g in mine.groups for r in g.rows] == ["New version"]


# Marking done and reopening from the pages


def test_the_owner_marks_a_task_done_and_returns_to_the_page(project, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    back = _url(project, "?week=2026-W42")
    response = _browser(designer).post(
        f"/projects/{project.pk}/plan/tasks/{task.pk}/done/",
        {"done_on": "2026-10-13", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    task.refresh_from_db()
    assert (task.done_on, task.done_by) == (date(2026, 10, 13), designer)
    row = _browser(designer).get(back).context["schedule"].groups[0].rows[0]
    assert row.may_mark and row.task.is_done


def test_without_a_date_the_task_is_done_today(project, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    _browser(designer).post(f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {})
    task.refresh_from_db()
    assert task.done_on == TODAY


def test_another_team_member_may_not_mark_the_task(project, designer, other_ae):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    browser = _browser(other_ae)
    row = browser.get(_url(project)).context["schedule"].groups[0].rows[0]
    assert not row.may_mark
    assert f"/plan/tasks/{task.pk}/done/" not in browser.get(_url(project)).content.decode()
    assert browser.post(f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {}).status_code == 403
    task.refresh_from_db()
    assert task.done_on is None


def test_an_outsider_gets_404_when_marking(project, designer, outsider):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    browser = _browser(outsider)
    assert browser.post(f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {}).status_code == 404
    assert browser.post(f"/projects/{project.pk}/plan/tasks/{task.pk}/reopen/").status_code == 404


def test_a_task_of_another_project_is_404(project, ae, designer):
    other = project_for(ae)
    task = a_task(other, designer, date(2026, 10, 12), date(2026, 10, 16))
    url = f"/projects/{project.pk}/plan/tasks/{task.pk}/done/"
    assert _browser(ae).post(url, {}).status_code == 404


def test_a_future_date_is_refused_with_a_message(project, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    response = _browser(designer).post(
        f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {"done_on": "2026-10-15"}, follow=True
    )
    assert "cannot be in the future" in response.content.decode()
    task.refresh_from_db()
    assert task.done_on is None


def test_a_malformed_date_is_refused_with_a_message(project, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    response = _browser(designer).post(
        f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {"done_on": "soon"}, follow=True
    )
    assert "Enter a valid date" in response.content.decode()
    task.refresh_from_db()
    assert task.done_on is None


def test_reopening_from_the_page(project, ae, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    plan_task_mark_done(actor=designer, task=task, done_on=TODAY)
    response = _browser(ae).post(f"/projects/{project.pk}/plan/tasks/{task.pk}/reopen/")
    assert response.status_code == 302 and response["Location"] == _url(project)
    task.refresh_from_db()
    assert task.done_on is None


def test_a_foreign_next_address_is_not_followed(project, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    response = _browser(designer).post(
        f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == _url(project)


def test_marking_needs_a_post(project, designer):
    task = a_task(project, designer, date(2026, 10, 12), date(2026, 10, 16))
    assert (
        _browser(designer).get(f"/projects/{project.pk}/plan/tasks/{task.pk}/done/").status_code
        == 405
    )


# The weekly note from the page


def test_the_lead_saves_the_weekly_note_from_the_page(project, ae):
    response = _browser(ae).post(
        f"/projects/{project.pk}/schedule/note/", {"week_start": "2026-10-07", "text": "本周重点"}
    )
    assert response.status_code == 302 and response["Location"] == _url(project, "?week=2026-W41")
    note = WeeklyNote.objects.get()
    assert (note.week_start, note.text, note.author) == (date(2026, 10, 5), "本周重点", ae)


def test_a_team_member_may_not_write_the_note(project, designer):
    response = _browser(designer).post(
        f"/projects/{project.pk}/schedule/note/", {"week_start": "2026-10-12", "text": "我来写"}
    )
    assert response.status_code == 403 and not WeeklyNote.objects.exists()


def test_a_refused_note_keeps_what_was_typed(project, ae):
    text = "长" * 4001
    response = _browser(ae).post(
        f"/projects/{project.pk}/schedule/note/", {"week_start": "2026-10-21", "text": text}
    )
    assert response.status_code == 400
    assert response.context["period"].key == "2026-W43"
    assert response.context["note_form"].errors["text"]
    assert response.context["note_form"]["text"].value() == text
    assert not WeeklyNote.objects.exists()


# A person's schedule


def test_my_schedule_lists_my_tasks_across_projects_by_project(project, ae, designer):
    second = project_for(ae)
    a_task(project, designer, date(2026, 10, 12), date(2026, 10, 14), name_en="Poster")
    a_task(second, designer, date(2026, 10, 1), date(2026, 10, 19), name_en="Logo")
    a_task(project, ae, date(2026, 10, 12), date(2026, 10, 14), name_en="Not mine")
    team_member_add(actor=ae, project=second, user=designer, role="designer", is_backup=False)
    response = _browser(designer).get("/projects/my-schedule/")
    schedule = response.context["schedule"]
    assert response.context["is_me"] and response.context["people"] == []
    groups = {g.project.pk: [r.task.name_en for r in g.rows] for g in schedule.groups}
    assert groups == {project.pk: ["Poster"], second.pk: ["Logo"]}
    assert all(r.may_mark for g in schedule.groups for r in g.rows)


def test_a_manager_opens_the_schedule_of_their_staff(project, ae, mkt_manager):
    a_task(project, ae, date(2026, 10, 12), date(2026, 10, 14), name_en="Client call")
    response = _browser(mkt_manager).get(f"/projects/my-schedule/?person={ae.pk}&week=2026-W42")
    assert response.status_code == 200 and not response.context["is_me"]
    assert response.context["person"] == ae
    assert ae in response.context["people"] and mkt_manager in response.context["people"]
    assert [r.task.name_en for g in response.context["schedule"].groups for r in g.rows] == [
        "Client call"
    ]
    assert response.context["nav"].next == f"?person={ae.pk}&week=2026-W43"


@pytest.mark.parametrize(
    ("viewer", "person", "status"),
    [
        ("gm", "designer", 200),
        ("mkt_manager", "ae", 200),
        ("mkt_manager", "designer", 404),
        ("ka_manager", "ae", 404),
        ("ae", "other_ae", 404),
        ("designer", "ae", 404),
        ("outsider", "outsider", 200),
    ],
)
def test_who_may_open_whose_schedule(request, viewer, person, status):
    browser = _browser(request.getfixturevalue(viewer))
    target = request.getfixturevalue(person)
    assert browser.get(f"/projects/my-schedule/?person={target.pk}").status_code == status


def test_a_person_that_is_no_number_or_nobody_is_404(gm):
    browser = _browser(gm)
    assert browser.get("/projects/my-schedule/?person=abc").status_code == 404
    assert browser.get("/projects/my-schedule/?person=999999").status_code == 404


def test_a_manager_sees_only_the_tasks_of_projects_they_may_see(project, designer):
    creative_manager = make_manager("creative", username="creative_manager")
    a_task(project, designer, date(2026, 10, 12), date(2026, 10, 14))
    response = _browser(creative_manager).get(f"/projects/my-schedule/?person={designer.pk}")
    assert response.status_code == 200 and response.context["schedule"].groups == []
    mine = _browser(designer).get("/projects/my-schedule/").context["schedule"]
    assert len(mine.groups) == 1


def test_my_month(project, designer):
    a_task(project, designer, date(2026, 10, 30), date(2026, 11, 4), name_en="Across months")
    schedule = (
        _browser(designer)
        .get("/projects/my-schedule/?period=month&month=2026-11")
        .context["schedule"]
    )
    assert [r.days for g in schedule.groups for r in g.rows] == [3]  # 11-02 … 11-04


# Query counts


def _grow(project: Project, owner: User, n: int) -> None:
    for _ in range(n):
        a_task(project, owner, date(2026, 10, 1), date(2026, 10, 20))
        a_task(project, None, date(2026, 9, 1), date(2026, 9, 30))


def test_the_project_schedule_query_count_is_pinned_and_does_not_grow(project, ae, designer):
    browser = _browser(ae)
    weekly_note_save(actor=ae, project=project, week_start=TODAY, text="本周")
    _grow(project, designer, 2)
    week = _queries(browser, _url(project))
    month = _queries(browser, _url(project, "?period=month&month=2026-09"))
    _grow(project, ae, 20)
    assert _queries(browser, _url(project)) == week == PROJECT_WEEK_QUERIES
    assert _queries(browser, _url(project, "?period=month&month=2026-09")) == month
    assert month == PROJECT_MONTH_QUERIES


def test_my_schedule_query_count_is_pinned_and_does_not_grow(ae, mkt_manager):
    browser = _browser(ae)
    first = project_for(ae)
    _grow(first, ae, 2)
    small = _queries(browser, "/projects/my-schedule/?week=2026-W43")
    for _ in range(5):
        _grow(project_for(ae), ae, 4)
    assert _queries(browser, "/projects/my-schedule/?week=2026-W43") == small == MY_WEEK_QUERIES
    manager = _browser(mkt_manager)
    url = f"/projects/my-schedule/?person={ae.pk}&week=2026-W43"
    assert _queries(manager, url) == MY_WEEK_QUERIES + 2  # the person, the people to pick


def test_a_generated_plan_shows_on_the_schedule(ae):
    project = project_for(ae)
    plan_generate(actor=ae, project=project, start_on=date(2026, 9, 28))
    schedule = _browser(ae).get(_url(project, "?week=2026-W40")).context["schedule"]
    assert schedule.task_count >= 1
