"""Send a form to the client by email (SPEC §7, §13): one transaction for the whole event.

The "send by email" page works for every form that goes to the client. Each kind plugs in
through ``SENDABLE``: what its record is and, when the record keeps its own "sent" status,
the service that records it. ``document_send`` then, in ONE transaction:

1. records the sending on the record where the kind has such a service and the record is
   not sent yet (``service_log_mark_sent``, ``letter_mark_sent`` — a letter gets its number
   here, so the PDF shows it);
2. issues the PDF (``document_request``: pending, rendered by the worker, never in the
   request) — for every form that has a printable layout (``documents.FORMS``; until the
   consultation letter has one, a letter goes as the email's text alone);
3. queues the email with the PDF attached (``email_queue``), sent by the worker after the
   commit.

Any refusal rolls all three back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.communications.documents import FORMS
from servicebook.communications.models import (
    ConsultationLetter,
    DocumentKind,
    FaxSheet,
    LetterStatus,
    LogKind,
    LogStatus,
    OutboxMessage,
    ServiceLog,
)
from servicebook.communications.permissions import (
    can_mark_sent,
    may_write_communication,
    speaks_for_agency,
)
from servicebook.communications.services.documents import document_request
from servicebook.communications.services.letters import letter_mark_sent
from servicebook.communications.services.logs import service_log_mark_sent
from servicebook.communications.services.outbox import email_queue
from servicebook.core.errors import DomainError
from servicebook.projects.models import Plan, Project


def _mark_log_sent(actor: User, log: ServiceLog) -> ServiceLog:
    return service_log_mark_sent(actor=actor, log=log)


def _mark_letter_sent(actor: User, letter: ConsultationLetter) -> ConsultationLetter:
    return letter_mark_sent(actor=actor, letter=letter)


@dataclass(frozen=True)
class Sendable:
    """One kind of form that can be emailed: its record and how its sending is recorded."""

    kind: str  # a DocumentKind: the form the PDF is made from
    model: type[Any]
    # Whether the record still has to record its sending, who may record it, and the
    # service that does.
    unsent: Callable[[Any], bool] | None = None
    may_mark_sent: Callable[[User, Any], bool] | None = None
    mark_sent: Callable[[User, Any], Any] | None = None

    def records_sending(self, record: Any) -> bool:
        """Whether sending ``record`` also records it as sent (a draft log or letter)."""
        return self.unsent is not None and self.mark_sent is not None and self.unsent(record)

    @property
    def label(self) -> str:
        return str(DocumentKind(self.kind).label)

    @property
    def attaches_pdf(self) -> bool:
        """Whether the form has a printable layout, so the email carries it as a PDF."""
        return self.kind in FORMS


SENDABLE: dict[str, Sendable] = {
    DocumentKind.WEEKLY_LOG: Sendable(
        DocumentKind.WEEKLY_LOG,
        ServiceLog,
        unsent=lambda log: log.status == LogStatus.DRAFT,
        may_mark_sent=can_mark_sent,
        mark_sent=_mark_log_sent,
    ),
    DocumentKind.MONTHLY_LOG: Sendable(
        DocumentKind.MONTHLY_LOG,
        ServiceLog,
        unsent=lambda log: log.status == LogStatus.DRAFT,
        may_mark_sent=can_mark_sent,
        mark_sent=_mark_log_sent,
    ),
    DocumentKind.LETTER: Sendable(
        DocumentKind.LETTER,
        ConsultationLetter,
        unsent=lambda letter: letter.status == LetterStatus.DRAFT,
        may_mark_sent=lambda user, letter: speaks_for_agency(user, letter.project),
        mark_sent=_mark_letter_sent,
    ),
    DocumentKind.FAX_SHEET: Sendable(DocumentKind.FAX_SHEET, FaxSheet),
    DocumentKind.PLAN: Sendable(DocumentKind.PLAN, Plan),
}
LOG_KINDS: dict[str, str] = {
    DocumentKind.WEEKLY_LOG: LogKind.WEEKLY,
    DocumentKind.MONTHLY_LOG: LogKind.MONTHLY,
}


def may_send_document(user: User, kind: str, record: Any, *, on_team: bool) -> bool:
    """Who may email the record: whoever writes the project's communication; and when the
    sending is recorded on it, whoever may record that (a log: the lead or a manager; a
    letter: the lead or a manager). Pure; ``on_team`` says whether ``user`` is on the team.
    """
    entry = SENDABLE.get(kind)
    if entry is None or not may_write_communication(user, record.project, on_team=on_team):
        return False
    if entry.records_sending(record) and entry.may_mark_sent is not None:
        return entry.may_mark_sent(user, record)
    return True


def sendable(kind: str) -> Sendable:
    """The kind's entry; a kind that cannot be emailed is refused."""
    try:
        return SENDABLE[kind]
    except KeyError:
        raise DomainError(_("This form cannot be sent by email.")) from None


@transaction.atomic
def document_send(
    *,
    actor: User,
    project: Project,
    kind: str,
    record: Any,
    language: str,
    recipients: Iterable[str],
    subject: str,
    body: str,
) -> OutboxMessage:
    """Email a form of ``project`` to the client as a PDF, recording that it was sent.

    The record must be of the kind and belong to the project. Who may do it is what each
    step requires: writing the project's communication (the lead, the team, a manager, the
    GM); sending a consultation letter, only the lead or a manager. A record already sent
    (a log or letter sent before) is sent again without recording it twice.
    """
    entry = sendable(kind)
    if not isinstance(record, entry.model) or record.project_id != project.pk:
        raise DomainError(_("This record does not belong to this project."))
    if isinstance(record, ServiceLog) and record.kind != LOG_KINDS[entry.kind]:
        raise DomainError(_("This record does not belong to this project."))
    if entry.records_sending(record) and entry.mark_sent is not None:
        record = entry.mark_sent(actor, record)
    document = None
    if entry.attaches_pdf:
        document = document_request(
            actor=actor, kind=entry.kind, record=record, language=language, project=project
        )
    return email_queue(
        actor=actor,
        project=project,
        recipients=recipients,
        subject=subject,
        body=body,
        document=document,
    )
