"""The supervision visits log: who sees it, logging from the page, follow-ups, query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import UserFactory, department
from servicebook.catalog.models import ServiceLine
from servicebook.delivery.models import SupervisionFollowUp, SupervisionVisit
from servicebook.delivery.services.visits import visit_log
from servicebook.projects.models import PlanTask, Project
from servicebook.projects.services import plan_generate, team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

# session, user, job roles, managed departments, project, planned visits, my posts on the
# team, open follow-ups, strategy changes, visits count, page ids + rows, their follow-ups,
# the last site, the follow-up owners, the top bar's department, notifications.
VISITS_PAGE_QUERIES = 16
# session, user, job roles, managed departments, project, visit, its follow-ups, the top
# bar's department, notifications.
VISIT_PAGE_QUERIES = 9


def _browser(user: User) -> Browser:
    User.objects.filter(pk=user.pk).update(language="en")
    browser = Browser()
    browser.force_login(user)
    return browser


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _today() -> date:
    return timezone.localdate()


@pytest.fixture
def supervisor(db) -> User:
    return UserFactory(
        username="supervisor1",
        full_name="Supervisor1",
        department=department("mkt"),
        roles=["supervisor"],
    )


@pytest.fixture
def project(ae, gm, supervisor, designer) -> Project:
    project = project_for(ae, services=list(ServiceLine.objects.filter(code="sales_supervision")))
    team_member_add(actor=gm, project=project, user=supervisor, role="supervisor", is_backup=False)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    plan_generate(actor=ae, project=project, start_on=date(2026, 9, 1))
    return project


@pytest.fixture
def planned(project) -> PlanTask:
    """The plan's visit, moved (TEST SETUP) to a week ago so that it is overdue."""
    task = PlanTask.objects.get(plan__project=project, kind="supervision_visit")
    week_ago = _today() - timedelta(days=7)
    PlanTask.objects.filter(pk=task.pk).update(start_on=week_ago, due_on=week_ago)
    task.refresh_from_db()
    return task


def _visit(project, actor, **changes) -> SupervisionVisit:
    fields = {
        "visited_on": _today(),
        "site": "星沙名都售楼处",
        "checked": ["sales"],
        "findings": "来访量下降",
    }
    fields.update(changes)
    return visit_log(actor=actor, project=project, **fields)


def _form(**changes) -> dict:
    data = {
        "task": "",
        "visited_on": _today().isoformat(),
        "site": "星沙名都售楼处",
        "checked": ["training", "packaging"],
        "findings": "示范单位灯光不足",
        "advice": "换暖光",
        "strategy_change": "",
        "follow-TOTAL_FORMS": "3",
        "follow-INITIAL_FORMS": "0",
        "follow-MIN_NUM_FORMS": "0",
        "follow-MAX_NUM_FORMS": "10",
    }
    for i in range(3):
        data.update({f"follow-{i}-text": "", f"follow-{i}-owner": "", f"follow-{i}-due_on": ""})
    data.update(changes)
    return data


# ---------------------------------------------------------------- visibility


@pytest.mark.parametrize("persona", ["outsider", "ka_manager", "other_ae"])
def test_someone_who_cannot_see_the_project_gets_404(persona, request, project, supervisor):
    visit = _visit(project, supervisor, follow_ups=[("跟进", supervisor, _today())])
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(f"/projects/{project.pk}/visits/").status_code == 404
    assert browser.get(f"/projects/{project.pk}/visits/{visit.pk}/").status_code == 404
    assert browser.post(f"/projects/{project.pk}/visits/log/", _form()).status_code == 404
    done = f"/projects/{project.pk}/visits/follow-ups/{visit.follow_ups.get().pk}/done/"
    assert browser.post(done).status_code == 404
    assert SupervisionVisit.objects.count() == 1


def test_a_visit_of_another_project_is_not_found_under_this_one(project, supervisor, ae):
    visit = _visit(project, supervisor)
    other = project_for(ae)
    assert _browser(ae).get(f"/projects/{other.pk}/visits/{visit.pk}/").status_code == 404


def test_a_team_member_sees_the_log_but_no_form(project, designer, supervisor):
    visit = _visit(project, supervisor)
    browser = _browser(designer)
    page = browser.get(f"/projects/{project.pk}/visits/")
    assert page.status_code == 200 and page.context["form"] is None
    assert [v.pk for v in page.context["page"].object_list] == [visit.pk]
    assert browser.get(f"/projects/{project.pk}/visits/{visit.pk}/").status_code == 200
    assert browser.post(f"/projects/{project.pk}/visits/log/", _form()).status_code == 403
    assert SupervisionVisit.objects.count() == 1


@pytest.mark.parametrize("persona", ["gm", "mkt_manager", "ae", "supervisor"])
def test_the_managers_the_lead_and_the_supervisor_get_the_form(persona, request, project):
    page = _browser(request.getfixturevalue(persona)).get(f"/projects/{project.pk}/visits/")
    assert page.context["form"] is not None and page.context["rows"] is not None


# ---------------------------------------------------------------- the log


def test_planned_visits_show_their_state(project, planned, supervisor):
    page = _browser(supervisor).get(f"/projects/{project.pk}/visits/")
    [row] = page.context["planned"]
    assert row.task == planned and row.state == "overdue"
    assert page.context["counts"] == {"planned": 1, "logged": 0, "overdue": 1, "open_follow_ups": 0}
    assert "Overdue" in page.content.decode()


def test_the_form_offers_the_planned_visit_whose_day_has_come_and_the_last_site(
    project, planned, supervisor
):
    _visit(project, supervisor, site="麓山售楼处", visited_on=_today() - timedelta(days=20))
    form = _browser(supervisor).get(f"/projects/{project.pk}/visits/").context["form"]
    assert form.initial["task"] == planned.pk and form.initial["site"] == "麓山售楼处"
    assert form.initial["visited_on"] == _today().isoformat()


def test_the_supervisor_logs_the_planned_visit_with_one_follow_up(
    project, planned, supervisor, designer
):
    due = (_today() + timedelta(days=5)).isoformat()
    data = _form(
        **{
            "task": str(planned.pk),
            "follow-0-text": "补灯具",
            "follow-0-owner": str(designer.pk),
            "follow-0-due_on": due,
        }
    )
    response = _browser(supervisor).post(f"/projects/{project.pk}/visits/log/", data)
    visit = SupervisionVisit.objects.get()
    assert (
        response.status_code == 302 and response.url == f"/projects/{project.pk}/visits/{visit.pk}/"
    )
    assert visit.task == planned and visit.checked == ["training", "packaging"]
    [follow_up] = visit.follow_ups.all()
    assert (follow_up.text, follow_up.owner, follow_up.due_on.isoformat()) == (
        "补灯具",
        designer,
        due,
    )
    page = _browser(supervisor).get(f"/projects/{project.pk}/visits/")
    assert page.context["planned"][0].state == "logged"
    assert str(planned.pk) not in [
        str(v) for v, _label in page.context["form"].fields["task"].choices
    ]


def test_a_planned_visit_cannot_be_logged_twice_from_the_page(project, planned, supervisor):
    _visit(project, supervisor, task=planned)
    response = _browser(supervisor).post(
        f"/projects/{project.pk}/visits/log/", _form(task=str(planned.pk))
    )
    assert response.status_code == 400 and response.context["form"].errors["task"]
    assert SupervisionVisit.objects.count() == 1


def test_a_half_filled_follow_up_row_keeps_what_was_typed_and_saves_nothing(project, supervisor):
    data = _form(**{"follow-1-text": "补灯具"})
    response = _browser(supervisor).post(f"/projects/{project.pk}/visits/log/", data)
    assert response.status_code == 400
    assert response.context["rows"].forms[1].errors["owner"]
    html = response.content.decode()
    assert "补灯具" in html and "示范单位灯光不足" in html
    assert "The visit was not logged" in html
    assert not SupervisionVisit.objects.exists() and not SupervisionFollowUp.objects.exists()


def test_a_service_error_shows_beside_its_field(project, supervisor, designer):
    yesterday = (_today() - timedelta(days=1)).isoformat()
    data = _form(
        **{
            "visited_on": _today().isoformat(),
            "follow-0-text": "补灯具",
            "follow-0-owner": str(designer.pk),
            "follow-0-due_on": yesterday,
        }
    )
    response = _browser(supervisor).post(f"/projects/{project.pk}/visits/log/", data)
    assert response.status_code == 400
    assert "A follow-up cannot be due before the visit." in response.content.decode()
    assert not SupervisionVisit.objects.exists()


def test_the_owner_closes_a_follow_up_from_the_visit_page(project, supervisor, designer):
    visit = _visit(project, supervisor, follow_ups=[("补灯具", designer, _today())])
    follow_up = visit.follow_ups.get()
    browser = _browser(designer)
    page = browser.get(f"/projects/{project.pk}/visits/{visit.pk}/")
    assert f"/visits/follow-ups/{follow_up.pk}/done/" in page.content.decode()
    url = f"/projects/{project.pk}/visits/follow-ups/{follow_up.pk}/done/"
    response = browser.post(url, {"back": "visit"})
    assert (
        response.status_code == 302 and response.url == f"/projects/{project.pk}/visits/{visit.pk}/"
    )
    follow_up.refresh_from_db()
    assert follow_up.done_by == designer
    again = browser.post(url)
    assert again.status_code == 302  # told it is already done, nothing changes
    follow_up.refresh_from_db()
    assert follow_up.done_by == designer


def test_the_supervisor_cannot_close_someone_elses_follow_up(project, supervisor, designer):
    visit = _visit(project, supervisor, follow_ups=[("补灯具", designer, _today())])
    follow_up = visit.follow_ups.get()
    url = f"/projects/{project.pk}/visits/follow-ups/{follow_up.pk}/done/"
    assert _browser(supervisor).post(url).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_a_strategy_change_is_shown_against_the_plan(project, planned, supervisor):
    _visit(project, supervisor, task=planned, strategy_change="广告改投短视频")
    page = _browser(supervisor).get(f"/projects/{project.pk}/visits/")
    assert [v.strategy_change for v in page.context["strategy_changes"]] == ["广告改投短视频"]
    assert "Strategy changes suggested" in page.content.decode()


def test_the_empty_log_says_what_to_do(project, supervisor):
    PlanTask.objects.filter(plan__project=project, kind="supervision_visit").delete()
    html = _browser(supervisor).get(f"/projects/{project.pk}/visits/").content.decode()
    assert "The project plan has no supervision visit." in html
    assert "No visit logged yet." in html


# ---------------------------------------------------------------- query counts


@pytest.mark.parametrize("n", [3, 30])
def test_the_visits_page_has_a_fixed_number_of_queries(n, project, planned, supervisor, designer):
    for i in range(n):
        _visit(
            project,
            supervisor,
            visited_on=_today() - timedelta(days=i),
            strategy_change="调整" if i % 3 == 0 else "",
            follow_ups=[("补灯具", designer, _today()), ("复查", supervisor, _today())],
        )
    assert _queries(_browser(supervisor), f"/projects/{project.pk}/visits/") == VISITS_PAGE_QUERIES


@pytest.mark.parametrize("n", [1, 8])
def test_the_visit_page_has_a_fixed_number_of_queries(n, project, supervisor, designer):
    rows = [(f"跟进{i}", designer, _today()) for i in range(n)]
    visit = _visit(project, supervisor, follow_ups=rows)
    url = f"/projects/{project.pk}/visits/{visit.pk}/"
    assert _queries(_browser(supervisor), url) == VISIT_PAGE_QUERIES
