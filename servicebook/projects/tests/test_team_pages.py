"""The team on the project page: who sees it, the forms, warnings, pinned query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import UserFactory, department
from servicebook.projects.models import Project, TeamMember
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

# session, user, job roles, managed departments, project, services, team, department,
# notifications; the GM skips managed departments (sees all).
MEMBER_PAGE_QUERIES = 9
# … and the active staff for the add-member form and for the lead form
MANAGER_PAGE_QUERIES = 11
GM_PAGE_QUERIES = 10
GM_LIST_QUERIES = 8


def _browser(user: User) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _staff(actor: User, project: Project, n: int) -> None:
    """``n`` more backup APs from alternating departments."""
    for i in range(n):
        code = "creative" if i % 2 else "cs"
        user = UserFactory(department=department(code), roles=["designer"])
        team_member_add(actor=actor, project=project, user=user, role="ap", is_backup=True)


@pytest.fixture
def project(ae: User) -> Project:
    return project_for(ae)


def test_a_designer_on_the_team_as_backup_ap_can_open_the_project_page(
    project, mkt_manager, designer
):
    team_member_add(actor=mkt_manager, project=project, user=designer, role="ap", is_backup=True)
    response = _browser(designer).get(f"/projects/{project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert designer.display_name in html
    assert "Add to the team" not in html and "添加" not in html
    assert f"/projects/{project.pk}/team/add/" not in html


def test_a_designer_not_on_the_team_gets_404(project, designer):
    assert _browser(designer).get(f"/projects/{project.pk}/").status_code == 404


def test_a_team_member_sees_the_project_in_the_list_once(project, gm, designer):
    team_member_add(actor=gm, project=project, user=designer, role="ap", is_backup=True)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    assert list(Project.objects.visible_to(designer)) == [project]
    html = _browser(designer).get("/projects/").content.decode()
    assert html.count(f'href="/projects/{project.pk}/"') == 2  # code and name links


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("gm", GM_PAGE_QUERIES), ("mkt_manager", MANAGER_PAGE_QUERIES), ("other_ae", None)],
)
def test_the_project_page_query_count_is_pinned_and_does_not_grow_with_the_team(
    request, persona, expected, project, gm
):
    viewer = request.getfixturevalue(persona)
    if expected is None:  # a plain member of the team
        team_member_add(actor=gm, project=project, user=viewer, role="ae", is_backup=True)
        expected = MEMBER_PAGE_QUERIES
    _staff(gm, project, 2)
    browser = _browser(viewer)
    small = _queries(browser, f"/projects/{project.pk}/")
    _staff(gm, project, 10)
    assert _queries(browser, f"/projects/{project.pk}/") == small == expected


def test_the_project_list_counts_the_people_on_each_team(project, gm, ae, designer):
    team_member_add(actor=gm, project=project, user=designer, role="ap", is_backup=True)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    team_member_add(actor=gm, project=project, user=ae, role="ae", is_backup=False)
    browser = _browser(gm)
    page = browser.get("/projects/")
    assert [p.team_count for p in page.context["page"].object_list] == [2]
    _staff(gm, project_for(ae), 3)
    assert _queries(browser, "/projects/") == GM_LIST_QUERIES
    counts = sorted(p.team_count for p in browser.get("/projects/").context["page"].object_list)
    assert counts == [2, 3]


def test_the_page_lists_the_staffing_warnings(project, gm, other_ae):
    team_member_add(actor=gm, project=project, user=other_ae, role="ae", is_backup=False)
    response = _browser(gm).get(f"/projects/{project.pk}/")
    warnings = response.context["team"].warnings
    assert ("no_backup", "ae") in {(w.problem, w.role) for w in warnings}
    assert ("no_primary", "ae") not in {(w.problem, w.role) for w in warnings}
    assert ("no_primary", "ap") in {(w.problem, w.role) for w in warnings}
    html = response.content.decode()
    assert 'class="alert alert-warning"' in html
    for line in response.context["team"].warning_lines:
        assert line in html
    assert "没有备岗：专职AE" in html


def test_the_lead_adds_a_member_through_the_page(project, ae, designer):
    browser = _browser(ae)
    data = {"user": designer.pk, "role": "ap", "is_backup": "1"}
    response = browser.post(f"/projects/{project.pk}/team/add/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/#team"
    member = TeamMember.objects.get()
    assert (member.user, member.role, member.is_backup, member.added_by) == (
        designer,
        "ap",
        True,
        ae,
    )


def test_a_refused_add_shows_the_reason_and_keeps_the_choice(project, gm, designer):
    team_member_add(actor=gm, project=project, user=designer, role="ap", is_backup=False)
    browser = _browser(gm)
    data = {"user": designer.pk, "role": "ap", "is_backup": "1"}
    response = browser.post(f"/projects/{project.pk}/team/add/", data)
    assert response.status_code == 400
    assert response.context["team_form"].errors["user"]
    assert TeamMember.objects.count() == 1


def test_someone_who_may_not_manage_the_team_gets_403_on_its_forms(project, gm, other_ae):
    member = team_member_add(actor=gm, project=project, user=other_ae, role="ae", is_backup=True)
    browser = _browser(other_ae)  # a member, not the lead
    base = f"/projects/{project.pk}"
    assert browser.post(f"{base}/team/add/", {"user": other_ae.pk, "role": "ap"}).status_code == 403
    assert browser.post(f"{base}/team/{member.pk}/remove/").status_code == 403
    assert browser.post(f"{base}/lead/", {"user": other_ae.pk}).status_code == 403
    assert TeamMember.objects.count() == 1


def test_the_manager_removes_a_member_and_changes_the_lead(project, mkt_manager, other_ae):
    member = team_member_add(
        actor=mkt_manager, project=project, user=other_ae, role="ae", is_backup=True
    )
    browser = _browser(mkt_manager)
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/team/{member.pk}/remove/" in html
    assert "data-confirm" in html
    assert browser.post(f"/projects/{project.pk}/team/{member.pk}/remove/").status_code == 302
    assert not TeamMember.objects.exists()
    assert browser.post(f"/projects/{project.pk}/lead/", {"user": other_ae.pk}).status_code == 302
    project.refresh_from_db()
    assert project.lead == other_ae


def test_removing_and_adding_need_a_post(project, gm):
    assert _browser(gm).get(f"/projects/{project.pk}/team/add/").status_code == 405
