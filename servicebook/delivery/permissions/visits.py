"""Who may log supervision visits and close their follow-ups (SPEC §8, handbook 陆).

Pure predicates: the person's posts on the project team are passed in (one query by the
caller, ``selectors.visits.project_roles``), so the pages and the services ask the same
question without the predicate touching the database.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from servicebook.delivery.models import SupervisionFollowUp
from servicebook.projects.choices import ProjectRole
from servicebook.projects.permissions import leads_project, manages_project

# The project roles that go on site: the supervisor (督导) and the marketing assistant (营销协理).
VISITING_ROLES = frozenset({ProjectRole.SUPERVISOR, ProjectRole.SALES_ASSISTANT})


def may_log_visits(user: Any, project: Any, project_roles: Collection[str]) -> bool:
    """A supervisor or marketing assistant of the team, the lead, or a manager (or the GM).

    ``project_roles`` are the roles ``user`` holds on ``project``'s team.
    """
    if leads_project(user, project) or manages_project(user, project):
        return True
    return bool(getattr(user, "is_active", False) and VISITING_ROLES & set(project_roles))


def may_complete_follow_up(user: Any, follow_up: SupervisionFollowUp, project: Any) -> bool:
    """The follow-up's owner, the project lead, or a manager of the project's department."""
    owner = bool(getattr(user, "is_active", False) and follow_up.owner_id == user.pk)
    return owner or leads_project(user, project) or manages_project(user, project)


def can_complete_follow_up(user: Any, follow_up: SupervisionFollowUp, project: Any) -> bool:
    """May close it, and it is still open."""
    return follow_up.done_at is None and may_complete_follow_up(user, follow_up, project)
