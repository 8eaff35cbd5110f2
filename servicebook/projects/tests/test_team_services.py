"""Forming the project team: who may change it, and the rules of the posts."""

from __future__ import annotations

from typing import Any

import pytest

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import UserFactory
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.models import Project, TeamMember
from servicebook.projects.services import project_set_lead, team_member_add, team_member_remove
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

PERSONAS = ["gm", "mkt_manager", "ka_manager", "ae", "designer", "outsider"]
# The project belongs to the Marketing department (mkt) and ``ae`` is its lead.
MAY_CHANGE_MEMBERS = {"gm", "mkt_manager", "ae"}
MAY_CHANGE_LEAD = {"gm", "mkt_manager"}


@pytest.fixture
def project(ae: User) -> Project:
    return project_for(ae)


def _add(actor: User, project: Project, user: User, role: str = "ap", **kw: Any) -> TeamMember:
    return team_member_add(
        actor=actor, project=project, user=user, role=role, is_backup=kw.get("is_backup", False)
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_a_team_member(request, persona, project, other_ae):
    actor = request.getfixturevalue(persona)
    if persona in MAY_CHANGE_MEMBERS:
        member = _add(actor, project, other_ae)
        assert (member.user, member.role, member.is_backup, member.added_by) == (
            other_ae,
            "ap",
            False,
            actor,
        )
    else:
        with pytest.raises(PermissionDenied):
            _add(actor, project, other_ae)
        assert not TeamMember.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_remove_a_team_member(request, persona, project, gm, other_ae):
    actor = request.getfixturevalue(persona)
    member = _add(gm, project, other_ae)
    if persona in MAY_CHANGE_MEMBERS:
        team_member_remove(actor=actor, project=project, member=member)
        assert not TeamMember.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            team_member_remove(actor=actor, project=project, member=member)
        assert TeamMember.objects.count() == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_change_the_project_lead(request, persona, project, ae, other_ae):
    actor = request.getfixturevalue(persona)
    if persona in MAY_CHANGE_LEAD:
        assert project_set_lead(actor=actor, project=project, user=other_ae).lead == other_ae
        project.refresh_from_db()
        assert project.lead == other_ae
    else:
        with pytest.raises(PermissionDenied):
            project_set_lead(actor=actor, project=project, user=other_ae)
        project.refresh_from_db()
        assert project.lead == ae


def test_a_former_lead_may_no_longer_change_the_team(project, mkt_manager, ae, other_ae):
    project_set_lead(actor=mkt_manager, project=project, user=other_ae)
    with pytest.raises(PermissionDenied):
        _add(ae, project, ae)
    assert _add(other_ae, project, ae).user == ae


def test_a_designer_can_be_the_projects_backup_ap(project, mkt_manager, designer):
    member = _add(mkt_manager, project, designer, "ap", is_backup=True)
    assert (member.role, member.is_backup) == ("ap", True)


def test_the_same_person_cannot_hold_the_same_role_twice(project, gm, other_ae):
    _add(gm, project, other_ae, "ap")
    with pytest.raises(DomainError) as refused:
        _add(gm, project, other_ae, "ap", is_backup=True)
    assert refused.value.field == "user"
    assert TeamMember.objects.count() == 1


def test_a_role_takes_at_most_its_standard_primaries(project, gm):
    first, second, third = UserFactory.create_batch(3)
    _add(gm, project, first, "ap")
    with pytest.raises(DomainError) as refused:
        _add(gm, project, second, "ap")
    assert refused.value.field == "is_backup"
    assert _add(gm, project, second, "ap", is_backup=True).is_backup
    _add(gm, project, first, "planner")
    _add(gm, project, second, "planner")
    with pytest.raises(DomainError):
        _add(gm, project, third, "planner")
    assert _add(gm, project, third, "planner", is_backup=True).is_backup


def test_only_active_staff_join_a_team_or_lead_a_project(project, gm):
    gone = UserFactory(is_active=False)
    with pytest.raises(DomainError):
        _add(gm, project, gone)
    with pytest.raises(DomainError):
        project_set_lead(actor=gm, project=project, user=gone)


def test_an_unknown_role_is_refused(project, gm, other_ae):
    with pytest.raises(DomainError) as refused:
        _add(gm, project, other_ae, "astronaut")
    assert refused.value.field == "role"


def test_a_member_of_another_project_cannot_be_removed_through_this_one(project, gm, ae, other_ae):
    elsewhere = _add(gm, project_for(ae), other_ae)
    with pytest.raises(DomainError):
        team_member_remove(actor=gm, project=project, member=elsewhere)
    assert TeamMember.objects.filter(pk=elsewhere.pk).exists()


def test_an_inactive_manager_may_not_change_the_team(project, mkt_manager, other_ae):
    mkt_manager.is_active = False
    with pytest.raises(PermissionDenied):
        _add(mkt_manager, project, other_ae)
