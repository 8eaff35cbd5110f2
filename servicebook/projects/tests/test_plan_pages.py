"""The plan page: generating the draft, the table by phase, editing a task, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.projects.models import Plan, PlanTask, Project
from servicebook.projects.services import plan_generate, team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

START = date(2026, 9, 28)
# session, user, job roles, managed departments, project, services, plan, tasks, their
# dependencies, the owner choices of the edit forms, the top bar's department, notifications.
LEAD_PLAN_QUERIES = 12


def _browser(user: User) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _project(ae: User, *codes: str) -> Project:
    return project_for(ae, services=list(ServiceLine.objects.filter(code__in=codes)))


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_the_lead_generates_the_draft_plan_from_the_page(ae):
    project = _project(ae, "marketing_planning")
    browser = _browser(ae)
    page = browser.get(f"/projects/{project.pk}/plan/")
    assert page.context["generate_form"] is not None
    assert f"/projects/{project.pk}/plan/generate/" in page.content.decode()
    response = browser.post(f"/projects/{project.pk}/plan/generate/", {"start_on": "2026-09-28"})
    assert response.status_code == 302
    plan = Plan.objects.get(project=project)
    assert plan.start_on == START and plan.created_by == ae
    html = browser.get(f"/projects/{project.pk}/plan/").content.decode()
    assert "2026-09-28" in html and "/plan/generate/" not in html


def test_a_team_member_sees_the_plan_but_no_forms(ae, gm, designer):
    project = _project(ae, "marketing_planning")
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    plan_generate(actor=ae, project=project, start_on=START)
    response = _browser(designer).get(f"/projects/{project.pk}/plan/")
    assert response.status_code == 200
    assert response.context["generate_form"] is None and not response.context["may_edit_plan"]
    assert "/plan/tasks/" not in response.content.decode()
    task = PlanTask.objects.first()
    post = _browser(designer).post(
        f"/projects/{project.pk}/plan/tasks/{task.pk}/", {"start_on": "2026-09-28", "days": 2}
    )
    assert post.status_code == 403


def test_someone_who_cannot_see_the_project_gets_404(ae, designer):
    project = _project(ae, "marketing_planning")
    assert _browser(designer).get(f"/projects/{project.pk}/plan/").status_code == 404


def test_the_plan_table_is_grouped_by_phase_with_iso_dates(ae):
    project = _project(ae, "market_research", "marketing_planning")
    plan_generate(actor=ae, project=project, start_on=START)
    response = _browser(ae).get(f"/projects/{project.pk}/plan/")
    phases = response.context["phases"]
    assert [p.code for p in phases] == ["market_research", "marketing_planning"]
    assert all(t.phase == p.code for p in phases for t in p.tasks)
    assert 'value="2026-09-28"' in response.content.decode()


def test_editing_a_task_through_the_page_recomputes_its_due_date(ae):
    project = _project(ae, "marketing_planning")
    plan = plan_generate(actor=ae, project=project, start_on=START)
    task = plan.tasks.order_by("position").first()
    data = {"owner": ae.pk, "start_on": "2026-09-30", "days": "2"}
    response = _browser(ae).post(f"/projects/{project.pk}/plan/tasks/{task.pk}/", data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.start_on, task.due_on, task.days) == (date(2026, 9, 30), date(2026, 10, 8), 2)


def test_a_refused_edit_says_why(ae):
    project = _project(ae, "marketing_planning")
    plan = plan_generate(actor=ae, project=project, start_on=START)
    task = plan.tasks.first()
    data = {"start_on": "2026-09-30", "days": "0"}
    response = _browser(ae).post(f"/projects/{project.pk}/plan/tasks/{task.pk}/", data)
    assert response.status_code == 400
    assert response.context["task_form"].errors["days"]


def test_the_plan_page_query_count_is_pinned_and_does_not_grow_with_tasks(ae):
    small = _project(ae, "community_culture")
    large = _project(ae, "market_research", "marketing_planning")
    plan_generate(actor=ae, project=small, start_on=START)
    plan_generate(actor=ae, project=large, start_on=START)
    assert small.plans.get().tasks.count() <= 5
    assert large.plans.get().tasks.count() >= 30
    browser = _browser(ae)
    few = _queries(browser, f"/projects/{small.pk}/plan/")
    many = _queries(browser, f"/projects/{large.pk}/plan/")
    assert few == many == LEAD_PLAN_QUERIES
