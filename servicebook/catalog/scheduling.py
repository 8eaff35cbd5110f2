"""Scheduling steps on the working-day calendar (SPEC §6): pure, given a calendar.

``schedule`` places steps with dependencies: a step with no dependency starts on the
plan's start (moved to a working day), any other on the working day after the latest
due date of its dependencies, and is due per the SPEC convention (the start counts as
day 1). It reads nothing but the calendar it is given, so one ``WorkingCalendar``
(one query for the overrides) serves a whole plan; ``calendar_for`` builds one sized
for the steps.

``steps_for_deliverable`` turns a catalog deliverable into the steps to schedule: its
work template's steps in order, or one step of its standard duration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.utils.translation import gettext as _

from servicebook.catalog.models import Deliverable, WorkTemplate
from servicebook.core.errors import DomainError
from servicebook.core.workdays import WorkingCalendar

ONE_DAY = timedelta(days=1)


class Calendar(Protocol):
    """What scheduling needs of a working-day calendar (``WorkingCalendar`` has it)."""

    def next_working_day(self, d: date) -> date: ...

    def due_date(self, start: date, days: int) -> date: ...


@dataclass(frozen=True)
class StepSpec:
    """A step to schedule: a key unique in the plan, its duration and what it waits for."""

    key: str
    name: str
    days: int
    depends_on: tuple[str, ...] = ()
    template_step_id: int | None = None


@dataclass(frozen=True)
class ScheduledStep:
    """A step placed on the calendar: worked from ``start`` to the end of ``due``."""

    key: str
    start: date
    due: date
    days: int


def schedule(steps: Sequence[StepSpec], start: date, calendar: Calendar) -> list[ScheduledStep]:
    """Place ``steps`` from ``start``; the result follows the order of ``steps``.

    Raises ``ValueError`` for a duplicate key, a dependency on an unknown key, a
    dependency cycle or a duration under one working day.
    """
    by_key = _index(steps)
    placed: dict[str, ScheduledStep] = {}
    for key in dependency_order(by_key):
        spec = by_key[key]
        if spec.days < 1:
            raise ValueError(f"step {key!r} lasts at least one working day, not {spec.days}")
        if spec.depends_on:
            after = max(placed[dependency].due for dependency in spec.depends_on)
            begin = calendar.next_working_day(after + ONE_DAY)
        else:
            begin = calendar.next_working_day(start)
        placed[key] = ScheduledStep(key, begin, calendar.due_date(begin, spec.days), spec.days)
    return [placed[spec.key] for spec in steps]


def calendar_for(steps: Sequence[StepSpec], start: date) -> WorkingCalendar:
    """One calendar loaded for the longest walk ``steps`` can take from ``start`` (one query)."""
    return WorkingCalendar.for_walk(start, max(1, sum(max(spec.days, 1) for spec in steps)))


def _index(steps: Sequence[StepSpec]) -> dict[str, StepSpec]:
    """The steps by key; refuses duplicate keys and dependencies on unknown keys."""
    by_key: dict[str, StepSpec] = {}
    for spec in steps:
        if spec.key in by_key:
            raise ValueError(f"two steps share the key {spec.key!r}")
        by_key[spec.key] = spec
    for spec in steps:
        unknown = [dependency for dependency in spec.depends_on if dependency not in by_key]
        if unknown:
            raise ValueError(f"step {spec.key!r} depends on unknown steps {unknown!r}")
    return by_key


def dependency_order(by_key: Mapping[str, StepSpec]) -> list[str]:
    """The keys with every step after its dependencies (Kahn's algorithm); refuses cycles."""
    waiting = {key: set(spec.depends_on) for key, spec in by_key.items()}
    dependants: dict[str, list[str]] = {key: [] for key in by_key}
    for key, spec in by_key.items():
        for dependency in set(spec.depends_on):
            dependants[dependency].append(key)
    ready = [key for key, needs in waiting.items() if not needs]
    order: list[str] = []
    while ready:
        key = ready.pop()
        order.append(key)
        for dependant in dependants[key]:
            waiting[dependant].discard(key)
            if not waiting[dependant]:
                ready.append(dependant)
    if len(order) < len(by_key):
        stuck = sorted(key for key in by_key if key not in order)
        raise ValueError(f"the dependencies of steps {stuck!r} form a cycle")
    return order


def steps_for_deliverable(
    deliverable: Deliverable, templates: Mapping[str, WorkTemplate] | None = None
) -> list[StepSpec]:
    """The steps that produce ``deliverable``, keyed ``d<id>.<position>`` (or ``d<id>``).

    With a work template: its steps in order, each waiting for the previous one (or,
    when it does not wait for the previous one, running alongside it). Without one:
    one step of the deliverable's standard duration. Pass ``templates`` (from
    ``WorkTemplate.objects.by_code``) when planning many deliverables; otherwise the
    template is read here with its steps (two queries). Raises ``DomainError`` when
    the deliverable or a step has no duration to plan with.
    """
    code = deliverable.template_code
    if templates is None:
        template = WorkTemplate.objects.for_deliverable(deliverable) if code else None
    else:
        template = templates.get(code)
    if template is not None:
        return _template_steps(deliverable, template)
    if not deliverable.standard_days:
        raise DomainError(
            _("“%(name)s” has no standard duration to plan with.") % {"name": deliverable.name}
        )
    return [StepSpec(f"d{deliverable.pk}", deliverable.name, deliverable.standard_days)]


def _template_steps(deliverable: Deliverable, template: WorkTemplate) -> list[StepSpec]:
    """A template's steps as specs: sequential, or alongside the previous step when unticked."""
    specs: list[StepSpec] = []
    group: list[str] = []  # the steps running together since the last sequential step
    group_depends_on: tuple[str, ...] = ()
    for step in template.steps.all():
        days = step.planned_days
        if days is None:
            raise DomainError(
                _("Step “%(step)s” of “%(template)s” has no duration to plan with.")
                % {"step": step.name, "template": template.name}
            )
        key = f"d{deliverable.pk}.{step.position}"
        if step.depends_on_previous or not group:
            group_depends_on, group = tuple(group), []
        group.append(key)
        specs.append(StepSpec(key, step.name, days, group_depends_on, step.pk))
    return specs
