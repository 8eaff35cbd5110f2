"""What each printable form shows: the template context built from its record.

Each builder runs in the language the document is rendered in (the caller's
``translation.override``) and states the queries it makes, so the print views' query
counts stay fixed whatever the size of the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from servicebook.clients.models import Client, Contact
from servicebook.clients.selectors import FILTERS as CLIENT_FILTERS
from servicebook.clients.selectors import client_export_list
from servicebook.communications.drafting import MONTHLY_SECTIONS, WEEKLY_SECTIONS
from servicebook.communications.models import (
    ConsultationLetter,
    FaxSheet,
    LogKind,
    ServiceLog,
    Urgency,
)
from servicebook.projects.choices import PlanStatus
from servicebook.projects.models import Plan, PlanStatusChange, PlanVersion
from servicebook.projects.selectors import plan_phases

FK_FILTERS = {"department", "owner", "information_source"}


# ---------------------------------------------------------------- the project plan


def load_plan(pk: int) -> Plan:
    """A plan with its project, client, department, lead and services."""
    return (
        Plan.objects.select_related("project__client", "project__department", "project__lead")
        .prefetch_related("project__services")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class PlanRow:
    """One plan line as printed: numbered through the whole plan, with the numbers of the
    lines it waits for (the keys are internal)."""

    number: int
    task: Any
    after: list[int]


@dataclass(frozen=True)
class PrintPhase:
    """One phase of the printed plan: its service line's name and its lines."""

    label: str
    rows: list[PlanRow]


def plan_row(task: Any, numbers: dict[str, int]) -> PlanRow:
    """``task`` with its number and its dependencies' numbers (from the prefetch)."""
    after = sorted(numbers[d.key] for d in task.depends_on.all() if d.key in numbers)
    return PlanRow(numbers[task.key], task, after)


def plan_context(plan: Plan) -> dict[str, Any]:
    """The plan by phase with both signature blocks; a draft is marked on every page.

    Five queries: the phases' tasks and dependencies, the version in force, the approval
    and the client's primary contact (the services come with the plan's project).
    """
    project = plan.project
    phases = plan_phases(project, plan)
    tasks = [task for phase in phases for task in phase.tasks]
    numbers = {task.key: number for number, task in enumerate(tasks, start=1)}
    version = (
        PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    ).first()
    approval = (
        PlanStatusChange.objects.filter(plan=plan, to_status=PlanStatus.APPROVED)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if plan.is_draft:
        approval = None
    return {
        "plan": plan,
        "project": project,
        "client": project.client,
        "contact": primary_contact(project.client_id),
        "phases": [
            PrintPhase(phase.label, [plan_row(task, numbers) for task in phase.tasks])
            for phase in phases
        ],
        "line_count": len(tasks),
        "milestone_count": sum(1 for task in tasks if task.is_milestone),
        "end_on": max((task.due_on for task in tasks), default=None),
        "version_number": version or plan.version,
        "approval": approval,
        "approved_on": timezone.localdate(approval.at) if approval else None,
        "document_title": f"{project.code} {gettext('Project plan')}",
        "document_watermark": gettext("Draft") if plan.is_draft else "",
    }


# ---------------------------------------------------------------- service logs


def load_log(pk: int) -> ServiceLog:
    """A service log with its project, client, lead and the person who sent it."""
    return ServiceLog.objects.select_related(
        "project__client", "project__lead", "project__department", "sent_by"
    ).get(pk=pk)


@dataclass(frozen=True)
class LogSection:
    """One section of a service log: its heading and its text ("" when left empty)."""

    name: str
    label: str
    text: str


@dataclass(frozen=True)
class Figure:
    """One number of the monthly progress table."""

    label: str
    value: Any


def log_sections(log: ServiceLog) -> list[LogSection]:
    """The log's sections in the order the log reads (the drafting's order)."""
    monthly = log.kind == LogKind.MONTHLY
    names = MONTHLY_SECTIONS if monthly else WEEKLY_SECTIONS
    labels = {"next_plan": gettext("Next month's plan") if monthly else gettext("Next week's plan")}
    return [
        LogSection(
            name,
            labels.get(name) or field_label(ServiceLog, name),
            str(getattr(log, name) or "").strip(),
        )
        for name in names
    ]


def monthly_figures(figures: dict[str, Any]) -> list[Figure]:
    """The monthly log's progress figures, when it has them (the drafting writes them)."""
    if "planned" not in figures:
        return []
    rows = [
        Figure(gettext("Plan lines due this month"), figures.get("planned", 0)),
        Figure(gettext("Done"), figures.get("done", 0)),
        Figure(gettext("Done on time"), figures.get("on_time", 0)),
        Figure(gettext("Not done"), figures.get("open", 0)),
        Figure(gettext("Overdue lines"), figures.get("overdue", 0)),
        Figure(gettext("Milestones reached"), figures.get("milestones_done", 0)),
    ]
    if figures.get("has_baseline"):
        rows += [
            Figure(gettext("Largest slip (working days)"), figures.get("slip_max", 0)),
            Figure(gettext("Total slip (working days)"), figures.get("slip_total", 0)),
        ]
    return rows


def log_context(log: ServiceLog) -> dict[str, Any]:
    """The log's sections, its period and status, the client's acknowledgement block.

    One query: the client's primary contact (the project comes with the log).
    """
    project = log.project
    return {
        "log": log,
        "project": project,
        "client": project.client,
        "contact": primary_contact(project.client_id),
        "sections": log_sections(log),
        "figure_rows": _pairs(
            monthly_figures(log.figures or {}) if log.kind == LogKind.MONTHLY else []
        ),
        "is_monthly": log.kind == LogKind.MONTHLY,
        "sent_on": timezone.localdate(log.sent_at) if log.sent_at else None,
        "acknowledged_on": (
            timezone.localdate(log.acknowledged_at) if log.acknowledged_at else None
        ),
        "document_title": f"{project.code} {log.kind_label} {log_reference(log)}",
        "document_watermark": "",
    }


def _pairs(figures: list[Figure]) -> list[list[Figure]]:
    """The figures two to a row (the progress table reads across)."""
    return [figures[index : index + 2] for index in range(0, len(figures), 2)]


def log_reference(log: ServiceLog) -> str:
    """The period a log covers: ``2026-10`` for a month, ``2026-W42`` for a week."""
    if log.kind == LogKind.MONTHLY:
        return f"{log.period_start:%Y-%m}"
    year, week, _day = log.period_start.isocalendar()
    return f"{year}-W{week:02d}"


# ---------------------------------------------------------------- the fax sheet


def load_fax(pk: int) -> FaxSheet:
    """A fax sheet with its project and author."""
    return FaxSheet.objects.select_related("project", "created_by").get(pk=pk)


@dataclass(frozen=True)
class UrgencyBox:
    """One of the urgency boxes on the sheet, ticked or not."""

    value: str
    label: str
    ticked: bool


def urgency_boxes(chosen: Iterable[str]) -> list[UrgencyBox]:
    """Every urgency box in the sheet's order, ticked where chosen."""
    picked = set(chosen)
    return [UrgencyBox(value, str(label), value in picked) for value, label in Urgency.choices]


def fax_context(fax: FaxSheet) -> dict[str, Any]:
    """The cover sheet: addressee and sender blocks, urgency boxes, subject and message."""
    return {
        "fax": fax,
        "project": fax.project,
        "urgency": urgency_boxes(fax.urgency or []),
        "document_title": f"{gettext('Fax')} {fax.number}",
        "document_watermark": "",
    }


# ---------------------------------------------------------------- the consultation letter


def load_letter(pk: int) -> ConsultationLetter:
    """A consultation letter with its project, client and who sent it."""
    return ConsultationLetter.objects.select_related(
        "project__client", "addressee", "sent_by", "created_by"
    ).get(pk=pk)


def letter_context(letter: ConsultationLetter) -> dict[str, Any]:
    """The letter on the letterhead: number, date, addressee, subject, body, answer due."""
    return {
        "letter": letter,
        "project": letter.project,
        "client": letter.project.client,
        "signed_by": letter.sent_by or letter.created_by,
        "document_title": f"{gettext('Consultation letter')} {letter.number}".strip(),
        # A draft letter prints as an internal preview, never as the client copy.
        "document_watermark": gettext("DRAFT") if letter.status == "draft" else "",
    }


# ---------------------------------------------------------------- the client register

# The register prints at most this many clients; the Excel export has them all.
REGISTER_LIMIT = 500


@dataclass(frozen=True)
class RegisterFilter:
    """One active search or filter of the client list, as printed above the register."""

    label: str
    value: str


def register_params(params: Any) -> dict[str, str]:
    """The client list's search, filters and sort from ``params``; malformed ids dropped."""
    clean: dict[str, str] = {}
    for name in ("q", "sort", *CLIENT_FILTERS):
        value = str(params.get(name) or "").strip()
        if not value:
            continue
        if name in FK_FILTERS and not (value.isdigit() or (name == "owner" and value == "none")):
            continue
        clean[name] = value
    return clean


def register_filters(params: dict[str, str]) -> list[RegisterFilter]:
    """What the register was filtered by, in words (one query per id filter in use)."""
    shown = []
    if params.get("q"):
        shown.append(RegisterFilter(gettext("Search"), params["q"]))
    for name in CLIENT_FILTERS:
        if name not in params:
            continue
        field = Client._meta.get_field(name)
        shown.append(RegisterFilter(field_label(Client, name), _filter_value(field, params[name])))
    return shown


def _filter_value(field: Any, value: str) -> str:
    if field.is_relation:
        if value == "none":
            return gettext("Unassigned")
        related = field.related_model._default_manager.filter(pk=int(value)).first()
        return str(getattr(related, "display_name", None) or related) if related else value
    return str(dict(field.flatchoices).get(value, value))


def register_context(user: Any, params: Any) -> dict[str, Any]:
    """The client register (客户档案登记本) as searched and filtered on the client list.

    The same selector as the list page and the Excel export (``visible_to``), the first
    ``REGISTER_LIMIT`` rows. Queries: the count, the rows, their primary contacts,
    properties and services, plus one per id filter in use.
    """
    clean = register_params(params)
    clients = client_export_list(user, clean)
    total = clients.count()
    rows = list(clients[:REGISTER_LIMIT]) if total else []
    return {
        "clients": rows,
        "total": total,
        "truncated": total > len(rows),
        "limit": REGISTER_LIMIT,
        "filters": register_filters(clean),
        "printed_on": timezone.localdate(),
        "document_title": gettext("Client register"),
    }


# ---------------------------------------------------------------- shared


def field_label(model: Any, name: str) -> str:
    """A model field's label in the active language, capitalised ("Work done")."""
    return capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))


def primary_contact(client_id: int) -> Contact | None:
    """The client's primary contact (one query)."""
    return Contact.objects.filter(client_id=client_id, is_primary=True).first()
