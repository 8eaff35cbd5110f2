"""Supervision visits (督导, SPEC §8, handbook 陆): logged on site, with their follow-ups.

A visit is planned as a line of the project plan (``PlanTask`` of kind supervision visit)
and logged once by whoever went: the date, the site, what was checked, the findings, the
advice given, and follow-ups each with an owner and a due date. Market feedback that calls
for a change of strategy (根据市场反馈信息，调整策略) is recorded on the visit, against the
plan, and the project lead is told after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import NotificationKind, User
from servicebook.accounts.services import notify
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.delivery.models import CheckArea, SupervisionFollowUp, SupervisionVisit
from servicebook.delivery.permissions import visits as can
from servicebook.projects.choices import PlanTaskKind
from servicebook.projects.models import PlanTask, Project, TeamMember

# (what to do, who, by when)
FollowUpLine = tuple[str, User, date]
SITE_MAX = SupervisionVisit._meta.get_field("site").max_length or 200
FOLLOW_UP_MAX = SupervisionFollowUp._meta.get_field("text").max_length or 300


@transaction.atomic
def visit_log(
    *,
    actor: User,
    project: Project,
    visited_on: date,
    site: str,
    checked: Iterable[str],
    findings: str,
    advice: str = "",
    strategy_change: str = "",
    follow_ups: Sequence[FollowUpLine] = (),
    task: PlanTask | None = None,
) -> SupervisionVisit:
    """Log one supervision visit of ``project``, optionally the planned visit ``task``.

    By a supervisor or marketing assistant of the team, the project lead, or a manager of
    the project's department (or the GM). The date is not in the future; at least one
    area is checked; findings are required; a planned visit is logged once; follow-ups
    go to the team or the lead and are not due before the visit.
    """
    locked, team = _locked_for_logging(actor, project)
    if visited_on > timezone.localdate():
        raise DomainError(_("The visit date cannot be in the future."), field="visited_on")
    areas = _areas(checked)
    site = _text(site, "site", _("Where was the visit? Give the site."), SITE_MAX)
    findings = _text(findings, "findings", _("Write down what the visit found."))
    if task is not None:
        _check_planned(locked, task)
    lines = [_follow_up(line, team, visited_on) for line in follow_ups]
    visit = SupervisionVisit.objects.create(
        project=locked,
        task=task,
        visited_on=visited_on,
        site=site,
        supervisor=actor,
        checked=areas,
        findings=findings,
        advice=advice.strip(),
        strategy_change=strategy_change.strip(),
        recorded_by=actor,
    )
    SupervisionFollowUp.objects.bulk_create(
        SupervisionFollowUp(visit=visit, text=text, owner=owner, due_on=due_on)
        for text, owner, due_on in lines
    )
    lead = locked.lead
    if visit.strategy_change and lead is not None and lead.pk != actor.pk:
        transaction.on_commit(lambda: _tell_lead(actor, locked, visit, lead))
    return visit


@transaction.atomic
def visit_follow_up_done(*, actor: User, follow_up: SupervisionFollowUp) -> SupervisionFollowUp:
    """Mark a follow-up done: its owner, the project lead or a manager; once only."""
    locked = (
        SupervisionFollowUp.objects.select_for_update(of=("self",))
        .select_related("visit__project")
        .get(pk=follow_up.pk)
    )
    if not can.may_complete_follow_up(actor, locked, locked.visit.project):
        raise PermissionDenied(
            _("Only the follow-up's owner, the project lead or a manager closes it.")
        )
    if locked.done_at is not None:
        raise DomainError(_("This follow-up is already done."))
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.save(update_fields=["done_at", "done_by"])
    return locked


def _locked_for_logging(actor: User, project: Project) -> tuple[Project, set[int | None]]:
    """The project row, locked, once ``actor`` may log its visits; and its team and lead."""
    locked = (
        Project.objects.select_for_update(of=("self",)).select_related("lead").get(pk=project.pk)
    )
    posts = list(TeamMember.objects.filter(project=locked).values_list("user_id", "role"))
    roles = {role for user_id, role in posts if user_id == actor.pk}
    if not can.may_log_visits(actor, locked, roles):
        raise PermissionDenied(
            _(
                "Only the project's supervisor or marketing assistant, its lead or a manager "
                "logs supervision visits."
            )
        )
    return locked, {user_id for user_id, _role in posts} | {locked.lead_id}


def _areas(checked: Iterable[str]) -> list[str]:
    """The areas checked, known ones only, in ``CheckArea`` order."""
    chosen = set(checked)
    if not chosen:
        raise DomainError(_("Tick at least one area the visit checked."), field="checked")
    if chosen - set(CheckArea.values):
        raise DomainError(_("Choose the areas checked from the list."), field="checked")
    return [value for value in CheckArea.values if value in chosen]


def _check_planned(project: Project, task: PlanTask) -> None:
    """``task`` is a planned supervision visit of this project's plan, not yet logged."""
    row = PlanTask.objects.filter(pk=task.pk).values("plan__project_id", "kind").first()
    if row is None or row["plan__project_id"] != project.pk:
        raise DomainError(_("The planned visit must belong to this project's plan."), field="task")
    if row["kind"] != PlanTaskKind.SUPERVISION_VISIT:
        raise DomainError(_("This line of the plan is not a supervision visit."), field="task")
    if SupervisionVisit.objects.filter(task_id=task.pk).exists():
        raise DomainError(_("This planned visit is already logged."), field="task")


def _follow_up(line: FollowUpLine, team: set[int | None], visited_on: date) -> FollowUpLine:
    """One follow-up, checked: a text, an owner on the team (or the lead), a due date."""
    text, owner, due_on = line
    text = _text(text, "follow_ups", _("Say what is to be done for each follow-up."), FOLLOW_UP_MAX)
    if owner is None or owner.pk not in team:
        raise DomainError(
            _("A follow-up goes to someone on the project team or to the project lead."),
            field="follow_ups",
        )
    if not owner.is_active:
        raise DomainError(_("A follow-up goes to active staff."), field="follow_ups")
    if due_on is None or due_on < visited_on:
        raise DomainError(_("A follow-up cannot be due before the visit."), field="follow_ups")
    return text, owner, due_on


def _text(value: str, field: str, message: str | Promise, max_length: int | None = None) -> str:
    """``value`` without surrounding blanks; refused when empty or too long."""
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    if max_length is not None and len(text) > max_length:
        raise DomainError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return text


def _tell_lead(actor: User, project: Project, visit: SupervisionVisit, lead: User) -> None:
    """The in-app notification of a suggested strategy change (after commit)."""
    notify(
        [lead],
        NotificationKind.STRATEGY_CHANGE,
        url=reverse("delivery:visit", args=[project.pk, visit.pk]),
        actor=actor.display_name,
        project=project.code,
        date=visit.visited_on.isoformat(),
    )
