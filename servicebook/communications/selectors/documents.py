"""Read models of the printable forms, fax sheets and issued copies (SPEC §13).

Every record is fetched through ``visible_to``: a project, a log or a fax sheet the user
may not see is a 404, and so is an issued copy of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from servicebook.accounts.models import User
from servicebook.communications.models import (
    ConsultationLetter,
    DocumentStatus,
    FaxSheet,
    IssuedDocument,
    ServiceLog,
)
from servicebook.projects.models import Plan, Project

# How many recent records the project's documents page lists of each kind.
RECENT = 12


def document_language(user: User, requested: str | None) -> str:
    """``?lang=`` when it names one of our languages, else the person's own language."""
    codes = [code for code, _name in settings.LANGUAGES]
    if requested in codes:
        return str(requested)
    return user.language if user.language in codes else str(settings.LANGUAGE_CODE)


def documents_project(user: User, pk: int) -> Project:
    """A project the user may see, with its client, department, lead and services (404)."""
    return get_object_or_404(
        Project.objects.visible_to(user)
        .select_related("client", "department", "lead")
        .prefetch_related("services"),
        pk=pk,
    )


def project_plan(project: Project) -> Plan | None:
    """The project's latest plan, carrying the project already loaded (one query)."""
    plan = Plan.objects.filter(project=project).order_by("-version").first()
    if plan is not None:
        plan.project = project
    return plan


def project_letter(user: User, pk: int, letter_pk: int) -> ConsultationLetter:
    """One consultation letter of a project the user may see (404 otherwise)."""
    return get_object_or_404(
        ConsultationLetter.objects.visible_to(user).select_related(
            "project__client", "addressee", "sent_by", "created_by"
        ),
        project_id=pk,
        pk=letter_pk,
    )


def project_log(user: User, pk: int, log_pk: int) -> ServiceLog:
    """One service log of a project the user may see, with its project (404 otherwise)."""
    return get_object_or_404(
        ServiceLog.objects.visible_to(user).select_related(
            "project__client", "project__lead", "project__department", "sent_by"
        ),
        project_id=pk,
        pk=log_pk,
    )


# ---------------------------------------------------------------- fax sheets


def fax_list(user: User, params: Any) -> QuerySet[FaxSheet]:
    """Fax sheets the user may see (their own, and those of projects they see), searched.

    ``q`` matches the number, subject, addressee and attention; ``mine=1`` keeps the
    user's own; ``project=<id>`` one project's.
    """
    sheets = FaxSheet.objects.visible_to(user).select_related("project", "created_by")
    if text := (params.get("q") or "").strip():
        for word in text.split():
            sheets = sheets.filter(
                Q(number__icontains=word)
                | Q(subject__icontains=word)
                | Q(to_company__icontains=word)
                | Q(attention__icontains=word)
            )
    if params.get("mine") == "1":
        sheets = sheets.filter(created_by=user)
    if (project := str(params.get("project") or "")).isdigit():
        sheets = sheets.filter(project_id=int(project))
    return sheets.order_by("-sent_on", "-id")


def fax_sheet(user: User, fax_pk: int) -> FaxSheet:
    """One fax sheet the user may see, with its project and author (404 otherwise)."""
    return get_object_or_404(
        FaxSheet.objects.visible_to(user).select_related(
            "project__client", "project__department", "project__lead", "created_by"
        ),
        pk=fax_pk,
    )


def fax_project(user: User, raw: str | None) -> Project | None:
    """The project named by ``?project=`` for a new fax sheet (404 if not visible)."""
    if not raw:
        return None
    if not str(raw).isdigit():
        return None
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("client", "department", "lead"),
        pk=int(raw),
    )


# ---------------------------------------------------------------- issued copies


def issued_document(user: User, doc_pk: int) -> IssuedDocument:
    """One issued copy the user may see (as its project, or their own), else 404."""
    return get_object_or_404(
        IssuedDocument.objects.visible_to(user).select_related("project", "created_by"),
        pk=doc_pk,
    )


def issued_copies(kinds: list[str], object_id: int, limit: int = 50) -> list[IssuedDocument]:
    """The copies issued of one record, newest first, with who issued them (one query)."""
    return list(
        IssuedDocument.objects.filter(kind__in=kinds, object_id=object_id)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def fresh_copy(
    user: User, kind: str, object_id: int, language: str, since: datetime
) -> IssuedDocument | None:
    """A copy of the record in ``language`` made after ``since`` that is pending or ready,
    so asking again for an unchanged record reuses it (one query)."""
    return (
        IssuedDocument.objects.visible_to(user)
        .filter(
            kind=kind,
            object_id=object_id,
            language=language,
            created_at__gt=since,
            status__in=[DocumentStatus.PENDING, DocumentStatus.READY],
        )
        .order_by("-created_at", "-id")
        .first()
    )


# ---------------------------------------------------------------- a project's documents


@dataclass
class ProjectDocuments:
    """What the project's documents page lists: the plan, recent logs and fax sheets, and
    the copies issued."""

    plan: Plan | None
    logs: list[ServiceLog]
    log_count: int
    fax_sheets: list[FaxSheet]
    fax_count: int
    issued: list[IssuedDocument]
    issued_count: int


def project_documents(project: Project) -> ProjectDocuments:
    """The project's printable records and issued copies, the recent ones (seven queries)."""
    logs = ServiceLog.objects.filter(project=project)
    sheets = FaxSheet.objects.filter(project=project)
    issued = IssuedDocument.objects.filter(project=project)
    return ProjectDocuments(
        plan=project_plan(project),
        logs=list(logs.order_by("-period_start", "kind", "-id")[:RECENT]),
        log_count=logs.count(),
        fax_sheets=list(sheets.select_related("created_by").order_by("-sent_on", "-id")[:RECENT]),
        fax_count=sheets.count(),
        issued=list(issued.select_related("created_by").order_by("-created_at", "-id")[:RECENT]),
        issued_count=issued.count(),
    )
