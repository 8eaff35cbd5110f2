"""Forming the project team (成立项目小组, SPEC §5): members, backups and the lead."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.choices import ProjectRole, primary_count
from servicebook.projects.models import Project, TeamMember
from servicebook.projects.permissions import can_manage_team, can_set_project_lead


def _locked(project: Project) -> Project:
    """The project's row, locked until the end of the transaction."""
    return Project.objects.select_for_update().get(pk=project.pk)


@transaction.atomic
def team_member_add(
    *, actor: User, project: Project, user: User, role: str, is_backup: bool
) -> TeamMember:
    """Put ``user`` on the team as a primary or backup ``role``.

    Allowed to the GM, a manager of the project's department and the project lead. The
    person must be active staff, may hold a role only once, and a role takes at most its
    standard number of primaries (two planners, two researchers, one of the others).
    """
    locked = _locked(project)
    if not can_manage_team(actor, locked):
        raise PermissionDenied(_("You may not change this project's team."))
    if role not in ProjectRole.values:
        raise DomainError(_("Choose a project role."), field="role")
    if not user.is_active:
        raise DomainError(_("Only active staff can join a project team."), field="user")
    posts = TeamMember.objects.filter(project=locked, role=role)
    if posts.filter(user=user).exists():
        raise DomainError(_("This person already holds this role on the team."), field="user")
    if not is_backup and posts.filter(is_backup=False).count() >= primary_count(role):
        raise DomainError(
            _("This role already has its primaries: add the person as a backup."),
            field="is_backup",
        )
    return TeamMember.objects.create(
        project=locked, user=user, role=role, is_backup=is_backup, added_by=actor
    )


@transaction.atomic
def team_member_remove(*, actor: User, project: Project, member: TeamMember) -> None:
    """Take ``member`` off the team (same people as adding)."""
    locked = _locked(project)
    if not can_manage_team(actor, locked):
        raise PermissionDenied(_("You may not change this project's team."))
    if member.project_id != locked.pk:
        raise DomainError(_("This person is not on this project's team."))
    member.delete()


@transaction.atomic
def project_set_lead(*, actor: User, project: Project, user: User) -> Project:
    """Make ``user`` (any active staff) the project lead; the GM or department manager only."""
    locked = _locked(project)
    if not can_set_project_lead(actor, locked):
        raise PermissionDenied(_("Only the department manager or the GM can change the lead."))
    if not user.is_active:
        raise DomainError(_("Only active staff can lead a project."), field="user")
    locked.lead = user
    locked.save(update_fields=["lead"])
    return locked
