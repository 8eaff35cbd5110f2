"""The weekly plan and progress (SPEC §5): the lead's weekly note, tasks marked done.

Progress is not a date change: a task is marked done (or reopened) on a plan in any
status, a locked one included, and its dates stay as they are.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.models import PlanTask, Project, WeeklyNote
from servicebook.projects.permissions import can_mark_task_done, can_write_weekly_note
from servicebook.projects.schedule import week_start as monday_of

WEEKLY_NOTE_MAX_LENGTH = 4000


@transaction.atomic
def weekly_note_save(
    *, actor: User, project: Project, week_start: date, text: str
) -> WeeklyNote | None:
    """Write the project lead's note on one week (周计划); empty text deletes the note.

    Allowed to the project lead, a manager of the project's department and the GM. Any day
    of the week names the week (it is kept by its Monday). The project row is locked, so
    two saves of the same week queue and the last one wins. Returns the note, or None when
    it was deleted.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_write_weekly_note(actor, locked):
        raise PermissionDenied(_("Only the project lead or a manager writes the weekly plan."))
    monday = monday_of(week_start)
    text = text.strip()
    if len(text) > WEEKLY_NOTE_MAX_LENGTH:
        raise DomainError(
            _("Keep the weekly note under %(max)s characters.") % {"max": WEEKLY_NOTE_MAX_LENGTH},
            field="text",
        )
    existing = WeeklyNote.objects.filter(project=locked, week_start=monday).first()
    if not text:
        if existing is not None:
            existing.delete()
        return None
    if existing is None:
        return WeeklyNote.objects.create(project=locked, week_start=monday, text=text, author=actor)
    existing.text = text
    existing.author = actor
    existing.save(update_fields=["text", "author", "updated_at"])
    return existing


@transaction.atomic
def plan_task_mark_done(*, actor: User, task: PlanTask, done_on: date) -> PlanTask:
    """Record that a plan task is done on ``done_on``; its dates do not change.

    Allowed to the task's owner, the project lead, a manager of the project's department
    and the GM, on a plan in any status (progress is not a date change). ``done_on`` is
    not in the future and not before the task's start. A task already done is reopened
    first to change the date.
    """
    locked = _locked_task(task)
    if not can_mark_task_done(actor, locked.plan.project, locked.owner_id):
        raise PermissionDenied(
            _("Only the task's owner, the project lead or a manager may mark it.")
        )
    if locked.is_done:
        raise DomainError(_("This task is already done; reopen it to change the date."))
    if done_on > timezone.localdate():
        raise DomainError(_("The date it was done cannot be in the future."), field="done_on")
    if done_on < locked.start_on:
        raise DomainError(
            _("The task starts on %(start)s; it cannot be done before that.")
            % {"start": locked.start_on.isoformat()},
            field="done_on",
        )
    locked.done_on = done_on
    locked.done_by = actor
    locked.save(update_fields=["done_on", "done_by"])
    return locked


@transaction.atomic
def plan_task_mark_open(*, actor: User, task: PlanTask) -> PlanTask:
    """Reopen a task marked done by mistake; the same people as ``plan_task_mark_done``."""
    locked = _locked_task(task)
    if not can_mark_task_done(actor, locked.plan.project, locked.owner_id):
        raise PermissionDenied(
            _("Only the task's owner, the project lead or a manager may mark it.")
        )
    if not locked.is_done:
        raise DomainError(_("This task is not marked done."))
    locked.done_on = None
    locked.done_by = None
    locked.save(update_fields=["done_on", "done_by"])
    return locked


def _locked_task(task: PlanTask) -> PlanTask:
    return PlanTask.objects.select_for_update().select_related("plan__project").get(pk=task.pk)
