"""Read models of the outbox and the "send by email" page; every read starts from visible_to.

A message is seen as its project is (``OptionalProjectQuerySet.visible_to``); one without a
project by its author and the GM. A record to send is fetched through its own
``visible_to`` and must belong to the project in the address: anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext

from servicebook.accounts.models import User
from servicebook.clients.models import Contact
from servicebook.communications.documents import FORMS
from servicebook.communications.models import (
    ConsultationLetter,
    DocumentKind,
    FaxSheet,
    MessageStatus,
    OutboxMessage,
    ServiceLog,
)
from servicebook.communications.services.outbox import may_retry
from servicebook.communications.services.outbox_send import LOG_KINDS, SENDABLE
from servicebook.core.models import AgencySettings
from servicebook.projects.models import Plan, Project, TeamMember

SORTS = {"-queued": ("-created_at", "-id"), "queued": ("created_at", "id")}


# ---------------------------------------------------------------- the outbox


def outbox_list(user: User, params: Any) -> QuerySet[OutboxMessage]:
    """The messages the user may see, newest first; ``status``, ``project`` and ``q`` filter.

    ``q`` matches the subject, a recipient, the project's number or name.
    """
    messages = OutboxMessage.objects.visible_to(user).select_related(
        "project", "document", "created_by"
    )
    if (status := params.get("status")) in MessageStatus.values:
        messages = messages.filter(status=status)
    if (project := params.get("project") or "").isdigit():
        messages = messages.filter(project_id=int(project))
    if text := (params.get("q") or "").strip():
        messages = messages.annotate(to_text=Cast("recipients", TextField()))
        for word in text.split():
            messages = messages.filter(
                Q(subject__icontains=word)
                | Q(to_text__icontains=word)
                | Q(project__code__icontains=word)
                | Q(project__name__icontains=word)
            )
    return messages.order_by(*SORTS.get(params.get("sort") or "", SORTS["-queued"]))


def outbox_counts(user: User) -> dict[str, int]:
    """How many messages the user may see in each status, and in all (one query)."""
    rows = OutboxMessage.objects.visible_to(user).values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in MessageStatus.values}
    counts.update({row["status"]: row["n"] for row in rows.order_by()})
    counts["all"] = sum(counts.values())
    return counts


def outbox_message(user: User, pk: int) -> OutboxMessage:
    """One message the user may see, with its project, attachment and author (404)."""
    return get_object_or_404(
        OutboxMessage.objects.visible_to(user).select_related("project", "document", "created_by"),
        pk=pk,
    )


def retry_allowed(user: User, messages: Iterable[OutboxMessage]) -> set[int]:
    """The failed messages among ``messages`` the user may retry (at most one query)."""
    failed = [m for m in messages if m.status == MessageStatus.FAILED]
    project_ids = {m.project_id for m in failed if m.project_id is not None}
    on_team = set(
        TeamMember.objects.filter(user_id=user.pk, project_id__in=project_ids).values_list(
            "project_id", flat=True
        )
        if project_ids
        else []
    )
    return {m.pk for m in failed if may_retry(user, m, on_team=m.project_id in on_team)}


def outbox_project(user: User, pk: int) -> Project:
    """A project the user may see, to filter the outbox by (404)."""
    return get_object_or_404(Project.objects.visible_to(user), pk=pk)


# ---------------------------------------------------------------- the send page


@dataclass(frozen=True)
class SendTarget:
    """What the send page sends: the project, the kind of form and its record."""

    project: Project
    kind: str
    record: Any

    @property
    def label(self) -> str:
        return SENDABLE[self.kind].label

    @property
    def attaches_pdf(self) -> bool:
        return SENDABLE[self.kind].attaches_pdf


def send_target(user: User, pk: int, kind: str, record_pk: int) -> SendTarget:
    """The record of ``kind`` on project ``pk`` the user may see, or a 404."""
    if kind not in SENDABLE:
        raise Http404
    project = get_object_or_404(
        Project.objects.visible_to(user).select_related("client", "department", "lead"), pk=pk
    )
    record: Any
    if kind in LOG_KINDS:
        record = get_object_or_404(
            ServiceLog.objects.visible_to(user), project=project, kind=LOG_KINDS[kind], pk=record_pk
        )
    elif kind == DocumentKind.LETTER:
        record = get_object_or_404(
            ConsultationLetter.objects.visible_to(user).select_related("addressee"),
            project=project,
            pk=record_pk,
        )
    elif kind == DocumentKind.FAX_SHEET:
        record = get_object_or_404(FaxSheet.objects.visible_to(user), project=project, pk=record_pk)
    else:
        record = get_object_or_404(Plan.objects.filter(project=project), pk=record_pk)
    record.project = project
    return SendTarget(project, kind, record)


def send_contacts(project: Project) -> list[Contact]:
    """The client's contacts who have an email address, the primary one first."""
    return list(
        Contact.objects.filter(client_id=project.client_id)
        .exclude(email="")
        .order_by("-is_primary", "name", "pk")
    )


def default_recipients(target: SendTarget, contacts: list[Contact]) -> list[int]:
    """Who is ticked at first: the letter's addressee, else the primary contact."""
    addressee = getattr(target.record, "addressee_id", None)
    chosen = [c.pk for c in contacts if c.pk == addressee]
    if not chosen:
        chosen = [c.pk for c in contacts if c.is_primary]
    return chosen


def send_defaults(target: SendTarget, language: str, sender: User) -> dict[str, str]:
    """The subject and message, written in ``language`` (the document's language)."""
    agency = AgencySettings.current()
    with translation.override(language):
        agency_name = (agency.name_en if language == "en" else agency.name_zh) or (
            agency.name_zh or agency.name_en or str(settings.SERVICEBOOK["AGENCY_NAME"])
        )
        title = _title(target)
        subject = gettext("%(title)s — %(project)s") % {
            "title": title,
            "project": target.project.name,
        }
        body = "\n\n".join(
            [
                gettext("Dear %(client)s,") % {"client": target.project.client.legal_name},
                _lead_paragraph(target, title),
                gettext("Best regards,")
                + f"\n{sender.display_name}\n{agency_name}"
                + (f"\n{sender.phone}" if sender.phone else ""),
            ]
        )
    return {"subject": subject[:200], "body": body}


def _title(target: SendTarget) -> str:
    if target.kind in FORMS:
        return FORMS[target.kind].title(target.record)
    letter = target.record
    return f"{SENDABLE[target.kind].label} {letter.number or ''} {letter.subject}".strip()


def _lead_paragraph(target: SendTarget, title: str) -> str:
    if target.kind == DocumentKind.LETTER and not target.attaches_pdf:
        return gettext("We would be grateful for your written answer to this question:") + (
            f"\n\n{target.record.subject}\n\n{target.record.body}"
        )
    if target.kind == DocumentKind.LETTER:
        return gettext(
            "Please find attached our consultation letter. We would be grateful for your "
            "written answer."
        )
    return gettext("Please find attached the %(title)s.") % {"title": title}
