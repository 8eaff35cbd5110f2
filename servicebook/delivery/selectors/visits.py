"""Read models of supervision visits: the visits log of a project and "my follow-ups".

The project's visits are seen by whoever sees the project (``visible_to``); the caller
fetches the project with ``selectors.meetings.delivery_project`` (404 when hidden).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.core.choices import choice_colour
from servicebook.delivery.models import SupervisionFollowUp, SupervisionVisit
from servicebook.projects.choices import PlanTaskKind
from servicebook.projects.models import Plan, PlanTask, Project, TeamMember


class PlannedVisitState(models.TextChoices):
    """Where a planned visit (a line of the plan) stands."""

    LOGGED = "logged", _("Logged")
    NOT_YET = "not_yet", _("Not yet")
    OVERDUE = "overdue", _("Overdue")


PLANNED_VISIT_COLOURS = {"logged": "green", "not_yet": "blue", "overdue": "red"}


@dataclass(frozen=True)
class PlannedVisit:
    """One planned visit of the plan and the visit that logged it, if any."""

    task: PlanTask
    visit: SupervisionVisit | None
    state: str

    @property
    def state_label(self) -> str:
        return str(PlannedVisitState(self.state).label)

    @property
    def state_colour(self) -> str:
        return choice_colour(PLANNED_VISIT_COLOURS, self.state)


def planned_state(task: PlanTask, logged: bool, today: date) -> str:
    """Logged; overdue once its date has passed without a log; otherwise not yet."""
    if logged:
        return PlannedVisitState.LOGGED
    return PlannedVisitState.OVERDUE if task.due_on < today else PlannedVisitState.NOT_YET


def planned_visits(project: Project, today: date) -> list[PlannedVisit]:
    """The supervision visits of the project's (latest) plan, in date order (one query)."""
    latest = Plan.objects.filter(project=project).order_by("-version").values("pk")[:1]
    tasks = (
        PlanTask.objects.filter(plan_id=Subquery(latest), kind=PlanTaskKind.SUPERVISION_VISIT)
        .select_related("owner", "visit_log")
        .order_by("due_on", "position", "id")
    )
    rows = []
    for task in tasks:
        visit = getattr(task, "visit_log", None)
        rows.append(PlannedVisit(task, visit, planned_state(task, visit is not None, today)))
    return rows


def project_visits(project: Project) -> QuerySet[SupervisionVisit]:
    """The project's logged visits, newest first, with people and follow-ups (paginate it)."""
    return (
        SupervisionVisit.objects.filter(project=project)
        .select_related("supervisor", "task")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=SupervisionFollowUp.objects.select_related("owner").order_by(
                    "due_on", "id"
                ),
            )
        )
        .order_by("-visited_on", "-id")
    )


def visit_detail(project: Project, pk: int) -> SupervisionVisit:
    """One visit of ``project`` (already checked visible), with its follow-ups (404 otherwise)."""
    visits = SupervisionVisit.objects.select_related(
        "supervisor", "recorded_by", "task"
    ).prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=SupervisionFollowUp.objects.select_related("owner", "done_by").order_by(
                "due_on", "id"
            ),
        )
    )
    return get_object_or_404(visits, project=project, pk=pk)


def open_follow_ups(project: Project) -> list[SupervisionFollowUp]:
    """The project's follow-ups not yet done, soonest due first (one query)."""
    return list(
        SupervisionFollowUp.objects.filter(visit__project=project, done_at__isnull=True)
        .select_related("owner", "visit")
        .order_by("due_on", "id")
    )


def strategy_changes(project: Project) -> list[SupervisionVisit]:
    """The visits that suggested a change of strategy, newest first (one query)."""
    return list(
        SupervisionVisit.objects.filter(project=project)
        .exclude(strategy_change="")
        .select_related("supervisor")
        .order_by("-visited_on", "-id")
    )


def follow_up_of(project: Project, pk: int) -> SupervisionFollowUp:
    """One follow-up of one of ``project``'s visits (404 otherwise)."""
    return get_object_or_404(
        SupervisionFollowUp.objects.select_related("visit"), visit__project=project, pk=pk
    )


def last_site(project: Project) -> str:
    """The site of the project's latest visit, to offer it again (one query)."""
    visits = SupervisionVisit.objects.filter(project=project).order_by("-visited_on", "-id")
    return visits.values_list("site", flat=True).first() or ""


def project_roles(user: User, project: Project) -> set[str]:
    """The roles ``user`` holds on ``project``'s team (one query)."""
    return set(TeamMember.objects.filter(project=project, user=user).values_list("role", flat=True))


def follow_up_owners(project: Project) -> QuerySet[User]:
    """Who may own a follow-up: active members of the team and the lead, by name."""
    return (
        User.objects.filter(Q(project_posts__project=project) | Q(pk=project.lead_id))
        .filter(is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def my_open_follow_ups(user: User) -> QuerySet[SupervisionFollowUp]:
    """Follow-ups ``user`` owns and has not done, soonest due first, with their project.

    Only on projects ``user`` still sees (someone taken off the team loses them here).
    """
    return (
        SupervisionFollowUp.objects.filter(
            owner=user,
            done_at__isnull=True,
            visit__project__in=Project.objects.visible_to(user),
        )
        .select_related("visit__project")
        .order_by("due_on", "id")
    )
