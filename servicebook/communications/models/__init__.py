"""Client communication (SPEC §7, §13): contacts, letters, service logs, fax sheets, email."""

from .contacts import ClientRequest, ContactChannel, ContactLog
from .fax import FaxSheet, Urgency
from .letters import ConsultationLetter, LetterStatus
from .logs import LogKind, LogStatus, ServiceLog
from .outbox import DocumentKind, DocumentStatus, IssuedDocument, MessageStatus, OutboxMessage

__all__ = [
    "ClientRequest",
    "ConsultationLetter",
    "ContactChannel",
    "ContactLog",
    "DocumentKind",
    "DocumentStatus",
    "FaxSheet",
    "IssuedDocument",
    "LetterStatus",
    "LogKind",
    "LogStatus",
    "MessageStatus",
    "OutboxMessage",
    "ServiceLog",
    "Urgency",
]
