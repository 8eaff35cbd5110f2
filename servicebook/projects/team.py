"""Staffing checks of a project team (SPEC §5, 人员交叉): pure functions, no database.

Which project roles a project needs follows from its services (``SERVICE_ROLES``, data)
plus the AE and AP every project has. For each required role the team should have the
standard number of primaries (``choices.PRIMARY_COUNTS``: two planners, two researchers,
one of every other role) and at least one backup, so no post is ever vacant.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from servicebook.projects.choices import ProjectRole, primary_count

# Every project has an AE (client contact) and an AP (account planner).
ALWAYS_REQUIRED: tuple[str, ...] = (ProjectRole.AE, ProjectRole.AP)

# Service line code (catalog ``service_lines``) → the project roles it needs.
# Brand identity work is part of marketing planning, hence its brand director.
# Consulting lines (property management, clubhouse, community culture) need no more
# than the AE and AP.
SERVICE_ROLES: dict[str, tuple[str, ...]] = {
    "market_research": (ProjectRole.RESEARCHER, ProjectRole.PLANNER),
    "development_planning": (ProjectRole.AP, ProjectRole.PLANNER),
    "marketing_planning": (ProjectRole.AP, ProjectRole.PLANNER, ProjectRole.BRAND_DIRECTOR),
    "integrated_promotion": (ProjectRole.CD, ProjectRole.DESIGNER, ProjectRole.COPYWRITER),
    "media_agency": (ProjectRole.CD, ProjectRole.DESIGNER, ProjectRole.COPYWRITER),
    "sales_supervision": (ProjectRole.SALES_ASSISTANT, ProjectRole.SUPERVISOR),
    "marketing_assistance": (ProjectRole.SALES_ASSISTANT, ProjectRole.SUPERVISOR),
    "leasing": (ProjectRole.LEASING, ProjectRole.COMMERCIAL_RESEARCH),
}


def required_roles(service_codes: Iterable[str]) -> list[str]:
    """The roles a project with these services needs, in ``ProjectRole`` order."""
    needed = set(ALWAYS_REQUIRED)
    for code in service_codes:
        needed.update(SERVICE_ROLES.get(code, ()))
    return [role for role in ProjectRole.values if role in needed]


@dataclass(frozen=True)
class Post:
    """One person on one role of the team, as primary or backup."""

    role: str
    user_id: int
    is_backup: bool


class Problem(StrEnum):
    """The kinds of staffing warning."""

    NO_LEAD = "no_lead"
    NO_PRIMARY = "no_primary"
    TOO_FEW_PRIMARIES = "too_few_primaries"
    NO_BACKUP = "no_backup"
    SAME_PERSON = "same_person"


@dataclass(frozen=True)
class StaffingWarning:
    """One staffing problem; ``message`` is translated when read (in the active language)."""

    problem: Problem
    role: str = ""
    have: int = 0
    need: int = 0

    @property
    def message(self) -> str:
        params = {"role": str(ProjectRole(self.role).label) if self.role else ""}
        params |= {"have": str(self.have), "need": str(self.need)}
        return str(_MESSAGES[self.problem]) % params


_MESSAGES = {
    Problem.NO_LEAD: _("The project has no project lead."),
    Problem.NO_PRIMARY: _("%(role)s: no primary."),
    Problem.TOO_FEW_PRIMARIES: _("%(role)s: %(have)s of %(need)s primaries."),
    Problem.NO_BACKUP: _("%(role)s: no backup."),
    Problem.SAME_PERSON: _("%(role)s: the same person is both primary and backup."),
}


# Role-by-role gaps of the same kind read as one line: "No backup: AE, AP, Designer."
_GROUPED = {
    Problem.NO_PRIMARY: _("No primary: %(roles)s."),
    Problem.NO_BACKUP: _("No backup: %(roles)s."),
}


def warning_lines(warnings: Iterable[StaffingWarning]) -> list[str]:
    """The warnings as short lines to show, gaps of the same kind grouped in one line."""
    lines: list[str] = []
    grouped: dict[Problem, list[str]] = defaultdict(list)
    for warning in warnings:
        if warning.problem in _GROUPED:
            grouped[warning.problem].append(str(ProjectRole(warning.role).label))
        else:
            lines.append(warning.message)
    separator = str(_(", "))
    for problem, roles in grouped.items():
        lines.append(str(_GROUPED[problem]) % {"roles": separator.join(roles)})
    return lines


def staffing_warnings(
    required: Iterable[str], posts: Iterable[Post], *, has_lead: bool
) -> list[StaffingWarning]:
    """Every staffing problem of a team: lead first, then role by role in ``ProjectRole`` order."""
    primaries: dict[str, set[int]] = defaultdict(set)
    backups: dict[str, set[int]] = defaultdict(set)
    for post in posts:
        (backups if post.is_backup else primaries)[post.role].add(post.user_id)
    needed = set(required)
    warnings = [] if has_lead else [StaffingWarning(Problem.NO_LEAD)]
    for role in ProjectRole.values:
        if role in needed:
            warnings += _role_warnings(role, len(primaries[role]), bool(backups[role]))
        if primaries[role] & backups[role]:
            warnings.append(StaffingWarning(Problem.SAME_PERSON, role))
    return warnings


def _role_warnings(role: str, have: int, has_backup: bool) -> list[StaffingWarning]:
    need = primary_count(role)
    found = []
    if have == 0:
        found.append(StaffingWarning(Problem.NO_PRIMARY, role, have, need))
    elif have < need:
        found.append(StaffingWarning(Problem.TOO_FEW_PRIMARIES, role, have, need))
    if not has_backup:
        found.append(StaffingWarning(Problem.NO_BACKUP, role))
    return found
