"""Project pages: the list (pinned query count) and a project's page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from servicebook.accounts.models import User
from servicebook.projects.models import Project
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

LIST_QUERIES = 9
DETAIL_QUERIES = 10  # + team members, + active staff for the add-member and lead forms


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _grow(owner: User, n: int) -> None:
    for _ in range(n):
        project_for(owner)


def _browser(user: User) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize(
    "url", ["/projects/", "/projects/?q=XM&status=active", "/projects/?sort=name&page=1"]
)
def test_the_project_list_query_count_is_pinned_and_does_not_grow(mkt_manager, ae, url):
    browser = _browser(mkt_manager)
    _grow(ae, 3)
    small = _queries(browser, url)
    _grow(ae, 30)
    assert _queries(browser, url) == small == LIST_QUERIES


def test_the_project_list_shows_code_name_client_department_lead_and_status(gm, ae):
    _grow(ae, 1)
    project = Project.objects.get()
    html = _browser(gm).get("/projects/").content.decode()
    for shown in (project.code, project.name, project.client.display_name, ae.display_name):
        assert shown in html
    assert project.department.name in html
    assert "badge-green" in html
    empty = _browser(gm).get("/projects/?q=nothing-matches").content.decode()
    assert project.code not in empty


def test_the_project_page_shows_the_real_data_and_the_team_panel(ae, gm):
    _grow(ae, 1)
    project = Project.objects.get()
    browser = _browser(gm)
    assert _queries(browser, f"/projects/{project.pk}/") == DETAIL_QUERIES
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    assert project.code in html and project.name in html
    assert project.contract.number in html
    assert "¥100,000.00" in html
    assert f'href="/contracts/{project.contract_id}/"' in html
    assert f'href="/clients/{project.client_id}/"' in html
    for service in project.services.all():
        assert service.name_zh in html
    assert ae.display_name in html
