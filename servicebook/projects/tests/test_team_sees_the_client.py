"""Staff see the clients they serve on (SPEC §11): the project team opens the client."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from servicebook.clients.models import Client
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(ae):
    return project_for(ae)


def test_a_designer_on_the_team_opens_the_client_page(project, gm, designer):
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=True)
    browser = Browser()
    browser.force_login(designer)
    assert browser.get(f"/clients/{project.client_id}/").status_code == 200
    assert list(Client.objects.visible_to(designer)) == [project.client]


def test_a_designer_not_on_the_team_gets_a_404(project, designer):
    browser = Browser()
    browser.force_login(designer)
    assert browser.get(f"/clients/{project.client_id}/").status_code == 404


def test_leaving_the_team_ends_the_access(project, gm, designer):
    from servicebook.projects.services import team_member_remove

    member = team_member_add(
        actor=gm, project=project, user=designer, role="designer", is_backup=False
    )
    team_member_remove(actor=gm, project=project, member=member)
    assert not Client.objects.visible_to(designer).exists()
