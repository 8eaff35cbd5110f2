"""My work (/), "This week": my plan tasks, work orders, follow-ups and creative meetings."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import department, make_manager
from servicebook.delivery.models import (
    CreativeMeeting,
    SupervisionFollowUp,
    SupervisionVisit,
    WorkOrder,
)
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Plan, PlanTask, Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 14)  # Wednesday; the week runs 10-12 … 10-18
# The home page before this section: session, user, job roles, managed departments, client
# counts, recent clients, my projects, the top bar's department, notifications. "This week"
# adds: tasks due, overdue tasks, work orders, follow-ups, creative meetings; and the
# consultation letters overdue (communications, +1).
AE_HOME_QUERIES = 15
# A manager also gets the clients waiting for an owner.
MANAGER_HOME_QUERIES = 16

_serial = itertools.count(1)


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


def _home(user: User):
    response = _browser(user).get("/")
    assert response.status_code == 200
    return response


def _queries(browser: Browser) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get("/").status_code == 200
    return len(captured)


def a_task(project: Project, owner: User | None, due: date, **fields) -> PlanTask:
    """TEST SETUP: one task on the project's plan, started a week before it is due."""
    plan = Plan.objects.filter(project=project).order_by("-version").first() or Plan.objects.create(
        project=project, start_on=due, created_by=project.lead
    )
    n = next(_serial)
    return PlanTask.objects.create(
        plan=plan,
        key=f"t{n}",
        position=n,
        phase="marketing_planning",
        name_zh=f"任务{n}",
        name_en=fields.pop("name_en", f"Task {n}"),
        owner=owner,
        days=1,
        start_on=fields.pop("start_on", due - timedelta(days=7)),
        due_on=due,
        **fields,
    )


def a_work_order(project: Project, issued_by: User, **fields) -> WorkOrder:
    """TEST SETUP: a work order row (the delivery services are tested in their app)."""
    n = next(_serial)
    return WorkOrder.objects.create(
        number=f"GD-T-{n:04d}",
        project=project,
        title=fields.pop("title", f"Work order {n}"),
        brief="简报",
        issued_by=issued_by,
        department=fields.pop("department", department("creative")),
        days=3,
        start_on=date(2026, 10, 8),
        due_on=fields.pop("due_on", date(2026, 10, 16)),
        **fields,
    )


def a_visit(project: Project, supervisor: User) -> SupervisionVisit:
    return SupervisionVisit.objects.create(
        project=project,
        visited_on=date(2026, 10, 9),
        site="售楼处",
        supervisor=supervisor,
        findings="样板间灯光不足",
        recorded_by=supervisor,
    )


@pytest.fixture
def project(ae: User) -> Project:
    return project_for(ae)


# Plan tasks


def test_my_tasks_due_this_week_and_overdue_are_listed(project, ae, other_ae):
    due = a_task(project, ae, date(2026, 10, 16), name_en="Due Friday")
    today = a_task(project, ae, TODAY, name_en="Due today")
    late = a_task(project, ae, date(2026, 10, 13), name_en="Due yesterday")
    a_task(project, ae, date(2026, 10, 15), name_en="Already done", done_on=date(2026, 10, 13))
    a_task(project, ae, date(2026, 10, 19), name_en="Next week")
    a_task(project, other_ae, date(2026, 10, 15), name_en="Someone else's")
    a_task(project, None, date(2026, 10, 15), name_en="Nobody's")
    response = _home(ae)
    assert list(response.context["due_tasks"]) == [today, due]
    assert list(response.context["overdue_tasks"]) == [late]
    html = response.content.decode()
    assert f"/projects/{project.pk}/plan/#task-{due.pk}" in html
    assert "Overdue" in html and "Someone else" not in html and "Next week" not in html
    assert f"/projects/{project.pk}/plan/tasks/{due.pk}/done/" in html


def test_tasks_of_a_closed_project_or_an_old_plan_version_are_left_out(project, ae):
    a_task(project, ae, date(2026, 10, 15), name_en="Old version")
    newer = Plan.objects.create(project=project, version=2, start_on=TODAY, created_by=ae)
    current = PlanTask.objects.create(
        plan=newer,
        key="n",
        phase="x",
        name_zh="新",
        name_en="New",
        owner=ae,
        days=1,
        start_on=TODAY,
        due_on=TODAY,
    )
    closed = project_for(ae)
    a_task(closed, ae, date(2026, 10, 15), name_en="Closed project")
    Project.objects.filter(pk=closed.pk).update(status=ProjectStatus.CLOSED)
    assert list(_home(ae).context["due_tasks"]) == [current]


def test_a_task_that_has_not_started_has_no_done_button(project, ae):
    task = a_task(project, ae, date(2026, 10, 16), start_on=date(2026, 10, 15))
    html = _home(ae).content.decode()
    assert f"/plan/tasks/{task.pk}/done/" not in html


def test_marking_a_task_done_from_my_work_comes_back_to_it(project, ae):
    task = a_task(project, ae, date(2026, 10, 16))
    browser = _browser(ae)
    response = browser.post(f"/projects/{project.pk}/plan/tasks/{task.pk}/done/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    task.refresh_from_db()
    assert task.done_on == TODAY
    assert list(browser.get("/").context["due_tasks"]) == []


def test_the_task_lists_are_capped_with_a_link_to_my_schedule(project, ae):
    for n in range(12):
        a_task(project, ae, date(2026, 10, 1) + timedelta(days=n % 10))
    response = _home(ae)
    overdue = response.context["overdue_tasks"]
    assert len(overdue) == 10 and overdue.more
    assert "/projects/my-schedule/" in response.content.decode()
    assert "More of my tasks" in response.content.decode()


def test_with_nothing_this_week_the_page_says_so(ae):
    html = _home(ae).content.decode()
    assert "No plan task of yours is due this week or overdue." in html
    assert "No work order is waiting for you." in html


# Work orders


def test_work_orders_assigned_to_me_and_open_are_waiting_for_me(project, ae, designer):
    team_member_add(actor=ae, project=project, user=designer, role="designer", is_backup=False)
    mine = a_work_order(project, ae, assignee=designer, status="in_progress")
    a_work_order(project, ae, assignee=designer, status="done")
    a_work_order(project, ae, assignee=designer, status="cancelled")
    a_work_order(project, ae, assignee=ae, status="issued")
    response = _home(designer)
    assert list(response.context["work_orders"]) == [mine]
    assert "Assigned to me" in response.content.decode()


def test_work_orders_issued_to_my_department_without_an_assignee_wait_for_the_manager(project, ae):
    creative_manager = make_manager("creative", username="creative_manager")
    unassigned = a_work_order(project, ae, status="issued")
    a_work_order(project, ae, status="issued", department=department("cs"))
    a_work_order(project, ae, assignee=creative_manager, status="done")
    response = _home(creative_manager)
    assert list(response.context["work_orders"]) == [unassigned]
    html = response.content.decode()
    assert "To assign in" in html
    # The manager of the receiving department opens the work order, not the client's project.
    assert f'href="/projects/{project.pk}/"' not in html and project.code in html
    assert f"/projects/{project.pk}/work-orders/{unassigned.pk}/" in html


def test_work_orders_i_issued_wait_for_me_once_submitted(project, ae, designer):
    submitted = a_work_order(project, ae, assignee=designer, status="submitted")
    a_work_order(project, ae, assignee=designer, status="in_progress")
    response = _home(ae)
    assert list(response.context["work_orders"]) == [submitted]
    html = response.content.decode()
    assert "Submitted, for my review" in html and f"/projects/{project.pk}/" in html


def test_work_orders_i_may_not_see_are_not_listed(ae, outsider, designer):
    hidden = project_for(ae)
    a_work_order(hidden, ae, assignee=designer, status="submitted")
    # ``outsider`` issued nothing and is assigned nothing; ``ae``'s own work orders are not theirs.
    assert list(_home(outsider).context["work_orders"]) == []


# Supervision follow-ups and creative meetings


def test_my_open_supervision_follow_ups_are_listed(project, ae, other_ae):
    visit = a_visit(project, ae)
    open_one = SupervisionFollowUp.objects.create(
        visit=visit, text="补光", owner=ae, due_on=date(2026, 10, 15)
    )
    SupervisionFollowUp.objects.create(
        visit=visit, text="已完成", owner=ae, due_on=date(2026, 10, 10), done_at=timezone.now()
    )
    SupervisionFollowUp.objects.create(visit=visit, text="别人的", owner=other_ae, due_on=TODAY)
    response = _home(ae)
    assert list(response.context["follow_ups"]) == [open_one]
    assert "补光" in response.content.decode()


def test_requested_creative_meetings_wait_for_the_department_manager(project, ae, mkt_manager):
    requested = CreativeMeeting.objects.create(project=project, topic="新提案创意", requested_by=ae)
    CreativeMeeting.objects.create(
        project=project, topic="已取消", requested_by=ae, status="cancelled"
    )
    assert list(_home(mkt_manager).context["meetings"]) == [requested]
    assert list(_home(ae).context["meetings"]) == []


def test_creative_meetings_i_attend_this_week_are_listed(project, ae, mkt_manager):
    at = timezone.make_aware(datetime(2026, 10, 15, 14, 0))
    this_week = CreativeMeeting.objects.create(
        project=project,
        topic="本周创意会",
        requested_by=ae,
        status="scheduled",
        scheduled_for=at,
        scheduled_by=mkt_manager,
    )
    this_week.attendees.add(ae, mkt_manager)
    later = CreativeMeeting.objects.create(
        project=project,
        topic="下周",
        requested_by=ae,
        status="scheduled",
        scheduled_for=at + timedelta(days=7),
        scheduled_by=mkt_manager,
    )
    later.attendees.add(ae)
    assert list(_home(ae).context["meetings"]) == [this_week]
    assert list(_home(mkt_manager).context["meetings"]) == [this_week]


# Query counts


def _grow(project: Project, ae: User, designer: User, n: int) -> None:
    visit = a_visit(project, ae)
    for i in range(n):
        a_task(project, ae, date(2026, 10, 15))
        a_task(project, ae, date(2026, 10, 5) + timedelta(days=i % 5))
        a_work_order(project, ae, assignee=ae, status="accepted")
        a_work_order(project, ae, assignee=designer, status="submitted")
        SupervisionFollowUp.objects.create(visit=visit, text=f"跟进{i}", owner=ae, due_on=TODAY)
        CreativeMeeting.objects.create(project=project, topic=f"创意{i}", requested_by=ae)


def test_my_work_query_count_is_pinned_and_does_not_grow(project, ae, designer):
    browser = _browser(ae)
    _grow(project, ae, designer, 2)
    small = _queries(browser)
    _grow(project, ae, designer, 20)
    assert _queries(browser) == small == AE_HOME_QUERIES


def test_a_managers_work_query_count_is_pinned_and_does_not_grow(
    project, ae, mkt_manager, designer
):
    browser = _browser(mkt_manager)
    _grow(project, ae, designer, 2)
    for task in PlanTask.objects.all():
        PlanTask.objects.filter(pk=task.pk).update(owner=mkt_manager)
    small = _queries(browser)
    _grow(project, ae, designer, 20)
    PlanTask.objects.update(owner=mkt_manager)
    WorkOrder.objects.filter(assignee=ae).update(assignee=mkt_manager)
    response = browser.get("/")
    assert len(response.context["meetings"]) == 10 and response.context["meetings"].more
    assert _queries(browser) == small == MANAGER_HOME_QUERIES
