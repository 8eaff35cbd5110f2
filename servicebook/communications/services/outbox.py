"""The email outbox (SPEC §7): queue a message in the business transaction, deliver it later.

``email_queue`` writes an ``OutboxMessage`` (``queued``, with its Message-ID fixed now) in
the caller's transaction; the worker is asked to deliver it only once that transaction
commits (``tasks.enqueue_delivery``), so a rolled-back send sends nothing.

``outbox_deliver`` is what the worker runs, outside any transaction, in three steps (ADR 11):

1. *lease*: lock the row, and if it is queued and due — or ``sending`` under a lease that
   ran out (its worker died) — mark it ``sending`` until ``lease_until``, count the
   attempt, COMMIT. A live lease means another worker is at it: nothing to do.
2. *send*: render the attached document if it is still pending, hand the email (the PDF
   attached, the fixed Message-ID) to the mail server.
3. *record*: ``sent``; or, on a temporary error, back to ``queued`` with the next attempt
   after an exponential wait (a deferred task); a permanent error, or the last attempt,
   makes it ``failed`` with the reason. A person may retry a failed message.

Delivery is at least once: a worker killed after the mail server accepted a message and
before step 3 leaves it ``sending``; when the lease runs out it is sent again, with the same
Message-ID so that mail servers and clients can recognise the duplicate.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.communications.models import (
    DocumentStatus,
    IssuedDocument,
    MessageStatus,
    OutboxMessage,
)
from servicebook.communications.permissions import may_write_communication
from servicebook.communications.services.contacts import check_may_write
from servicebook.communications.services.documents import document_render, document_retry
from servicebook.communications.tasks import enqueue_delivery
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.workflow import Workflow
from servicebook.delivery.selectors.work_orders import serves_on_team
from servicebook.projects.models import Project

logger = logging.getLogger(__name__)

M = MessageStatus
OUTBOX_WORKFLOW = Workflow.of(
    "outgoing email",
    M,
    [
        (M.QUEUED, M.SENDING),  # a worker takes it (the lease)
        (M.SENDING, M.SENDING),  # a worker takes it again: the last one died, its lease ran out
        (M.SENDING, M.SENT),  # the mail server accepted it
        (M.SENDING, M.QUEUED),  # a temporary error: tried again later
        (M.SENDING, M.FAILED),  # a permanent error, or the last attempt
        (M.FAILED, M.QUEUED),  # a person retries it
        # The mail server accepted it after all, though the row had moved on meanwhile (a
        # send that outlived its lease): what the server accepted is what happened.
        (M.QUEUED, M.SENT),
        (M.FAILED, M.SENT),
    ],
)
MAX_RECIPIENTS = 30
SUBJECT_MAX = 200
MAX_RETRY_WAIT = timedelta(hours=1)
# The minute sweep leaves a due message this long to the task already queued for it.
SWEEP_GRACE = timedelta(minutes=5)
SWEEP_BATCH = 500

# ---------------------------------------------------------------- queueing


# A second identical email from the same person within this time is a double submission.
DUPLICATE_WINDOW = timedelta(seconds=60)


@transaction.atomic
def email_queue(
    *,
    actor: User,
    project: Project | None,
    recipients: Iterable[str],
    subject: str,
    body: str,
    document: IssuedDocument | None = None,
) -> OutboxMessage:
    """Queue an email to the client; the worker sends it once this transaction commits.

    On a project: the project lead, the team, a manager of its department or the GM. The
    addresses are checked (at least one, at most 30, each valid; repeats dropped); subject
    and message are required. ``document`` (the PDF to attach) belongs to the same project;
    it may still be pending — the worker renders it before sending. The Message-ID is fixed
    now, so a resend after a crash carries the same one.
    """
    if project is not None:
        check_may_write(actor, project)
    elif not actor.is_active:
        raise PermissionDenied(_("Only active staff can send email."))
    addresses = clean_recipients(recipients)
    subject = _one_line(subject)
    if not subject:
        raise DomainError(_("Write a subject."), field="subject")
    if len(subject) > SUBJECT_MAX:
        raise DomainError(
            _("Keep the subject to %(max)s characters.") % {"max": SUBJECT_MAX}, field="subject"
        )
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write the message."), field="body")
    if document is not None and document.project_id != (project.pk if project else None):
        raise DomainError(_("The attachment belongs to another project."))
    if _just_queued(actor, project, addresses, subject, body):
        raise DomainError(
            _("The same email was queued a moment ago, so it is not queued twice: see the outbox.")
        )
    message = OutboxMessage.objects.create(
        project=project,
        document=document,
        recipients=addresses,
        subject=subject,
        body=body,
        message_id=new_message_id(),
        created_by=actor,
    )
    enqueue_delivery(message.pk)
    return message


def _just_queued(
    actor: User, project: Project | None, addresses: list[str], subject: str, body: str
) -> bool:
    """The same person queued the same email to the same people within the last minute
    (a form sent twice by a double click or a reload)."""
    since = timezone.now() - DUPLICATE_WINDOW
    same = OutboxMessage.objects.filter(
        created_by=actor, project=project, subject=subject, body=body, created_at__gte=since
    )
    wanted = sorted(address.lower() for address in addresses)
    return any(
        sorted(address.lower() for address in queued) == wanted
        for queued in same.values_list("recipients", flat=True)
    )


@transaction.atomic
def outbox_retry(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Queue a failed message again, with all its attempts (its author, the team, a manager).

    An attachment that could not be produced is rendered again first (``document_retry``).
    """
    locked = _locked(message)
    if locked.status != M.FAILED:  # sending → queued is the worker's move, not a person's
        raise DomainError(_("Only an email that failed can be retried."))
    on_team = locked.project is not None and serves_on_team(actor, locked.project)
    if not may_retry(actor, locked, on_team=on_team):
        raise PermissionDenied(_("Only its author, the project team or a manager can retry it."))
    if locked.document is not None and locked.document.status == DocumentStatus.FAILED:
        document_retry(actor=actor, document=locked.document)  # the worker renders it again
    locked.attempts, locked.next_attempt_at, locked.lease_until = 0, None, None
    locked.last_error = ""
    _transition(locked, M.QUEUED, fields=["attempts", "next_attempt_at", "lease_until"])
    enqueue_delivery(locked.pk)
    return locked


def may_retry(user: User, message: OutboxMessage, *, on_team: bool) -> bool:
    """Its author, the GM; on a project, whoever may write the project's communication."""
    if not user.is_active:
        return False
    if message.created_by_id == user.pk or user.is_general_manager:
        return True
    if message.project is None:
        return False
    return may_write_communication(user, message.project, on_team=on_team)


def clean_recipients(values: Iterable[str]) -> list[str]:
    """The addresses to send to: trimmed, each valid, repeats dropped, 1 to 30 of them."""
    addresses: list[str] = []
    seen: set[str] = set()
    for value in values:
        address = (value or "").strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise DomainError(
                _("“%(address)s” is not a valid email address.") % {"address": address[:80]},
                field="recipients",
            ) from None
        if address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    if not addresses:
        raise DomainError(_("Choose at least one recipient."), field="recipients")
    if len(addresses) > MAX_RECIPIENTS:
        raise DomainError(
            _("Send to at most %(max)s addresses at once.") % {"max": MAX_RECIPIENTS},
            field="recipients",
        )
    return addresses


def _one_line(value: str) -> str:
    """A header value on one line (a line break in a subject could forge headers)."""
    return " ".join((value or "").split())


def new_message_id() -> str:
    """A unique Message-ID header in the sender's domain, e.g. ``<…@agency.cn>``."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "servicebook.local"
    return make_msgid(idstring="outbox", domain=domain)


# ---------------------------------------------------------------- the worker's side


class PermanentError(Exception):
    """Trying again will not help (the server refused the message, the PDF failed)."""


def outbox_deliver(message_id: int) -> str:
    """Deliver one message (the worker's task); returns what became of it.

    ``"skipped"`` (already sent or failed, not due yet, or held by a live lease), ``"sent"``,
    ``"retry"`` (queued again for later) or ``"failed"``. Never raises for a failed send.
    Must run outside any transaction: the lease is committed before the mail server is
    contacted, so no database lock is held while sending.
    """
    claimed = _lease(message_id, timezone.now())
    if claimed is None:
        return "skipped"
    try:
        with _in_language_of(claimed):
            email = _build_email(claimed)
        email.send(fail_silently=False)
    except Exception as error:  # every failure is recorded on the message
        logger.warning("Outbox message %s not sent: %r", claimed.pk, error)
        return _record_failure(claimed, error)
    _record_sent(claimed)
    return "sent"


def outbox_sweep(*, now: datetime | None = None, on_start: bool = False) -> int:
    """Ask for the delivery of every message that waits without a task; returns how many.

    Due queued messages (on start at once; otherwise only those overdue by five minutes,
    whose task must have been lost) and ``sending`` ones whose lease ran out (their worker
    died). On start, a message still held by a lease is asked for again when the lease runs
    out. Asking twice is harmless: the lease decides who sends.
    """
    now = now or timezone.now()
    cutoff = now if on_start else now - SWEEP_GRACE
    due = Q(status=M.QUEUED) & (
        Q(next_attempt_at__lte=cutoff) | Q(next_attempt_at__isnull=True, created_at__lte=cutoff)
    )
    expired = Q(status=M.SENDING) & (Q(lease_until__lte=now) | Q(lease_until__isnull=True))
    waiting = OutboxMessage.objects.filter(due | expired).order_by("pk")
    ids = list(waiting.values_list("pk", flat=True)[:SWEEP_BATCH])
    for pk in ids:
        enqueue_delivery(pk)
    if on_start:
        held = OutboxMessage.objects.filter(status=M.SENDING, lease_until__gt=now)
        for message in held.only("pk", "lease_until")[:SWEEP_BATCH]:
            until = message.lease_until or now
            enqueue_delivery(message.pk, run_after=until + timedelta(seconds=1))
            ids.append(message.pk)
    return len(ids)


@transaction.atomic
def _lease(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the message for one attempt, or None when it is not this worker's to send."""
    message = (
        OutboxMessage.objects.select_for_update(of=("self",))
        .select_related("created_by", "document")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.status in (M.SENT, M.FAILED):
        return None
    if message.status == M.QUEUED and message.next_attempt_at and message.next_attempt_at > now:
        return None
    if message.status == M.SENDING and message.lease_until and message.lease_until > now:
        return None
    if message.status == M.SENDING and message.attempts >= _max_attempts():
        with _in_language_of(message):
            message.last_error = gettext(
                "The worker stopped while sending it (%(n)s attempts); it was not sent again."
            ) % {"n": message.attempts}
        message.lease_until = None
        _transition(message, M.FAILED, fields=["last_error", "lease_until"])
        return None
    message.attempts += 1
    message.lease_until = now + timedelta(seconds=int(settings.SERVICEBOOK["OUTBOX_LEASE_SECONDS"]))
    _transition(message, M.SENDING, fields=["attempts", "lease_until"])
    return message


def _build_email(message: OutboxMessage) -> EmailMessage:
    """The email as it leaves: recipients, subject, body, the PDF, the fixed Message-ID;
    the client's replies go to the person who sent it (when they have an address)."""
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(message.recipients),
        reply_to=[message.created_by.email] if message.created_by.email else None,
        headers={"Message-ID": message.message_id},
    )
    if message.document is not None:
        name, content = _attachment(message.document)
        email.attach(name, content, "application/pdf")
    return email


def _attachment(document: IssuedDocument) -> tuple[str, bytes]:
    """The document's PDF, rendered here first when it is still pending."""
    if document.status == DocumentStatus.PENDING:
        document_render(document.pk)
        document.refresh_from_db()
    if document.status != DocumentStatus.READY or not document.file:
        raise PermanentError(
            gettext("The attachment could not be produced: %(error)s")
            % {"error": document.error or gettext("no file")}
        )
    with document.file.open("rb") as handle:
        content = handle.read()
    return document.file_name or f"{document.title}.pdf", content


@transaction.atomic
def _record_sent(claimed: OutboxMessage) -> None:
    message = _locked(claimed)
    if message.status == M.SENT:
        return
    message.sent_at, message.lease_until, message.next_attempt_at = timezone.now(), None, None
    message.last_error = ""
    _transition(message, M.SENT, fields=["sent_at", "lease_until", "next_attempt_at"])


@transaction.atomic
def _record_failure(claimed: OutboxMessage, error: Exception) -> str:
    message = _locked(claimed)
    if message.status != M.SENDING or message.attempts != claimed.attempts:
        return "skipped"  # another worker took it over meanwhile: its result stands
    with _in_language_of(message):
        message.last_error = _reason(error)[:2000]
    message.lease_until = None
    if _is_permanent(error) or message.attempts >= _max_attempts():
        _transition(message, M.FAILED, fields=["last_error", "lease_until"])
        return "failed"
    message.next_attempt_at = timezone.now() + retry_wait(message.attempts)
    _transition(message, M.QUEUED, fields=["last_error", "lease_until", "next_attempt_at"])
    enqueue_delivery(message.pk, run_after=message.next_attempt_at)
    return "retry"


def retry_wait(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed attempts: the base, doubled each time, ≤ 1 hour."""
    base = int(settings.SERVICEBOOK["OUTBOX_RETRY_SECONDS"])
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_RETRY_WAIT)


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer (refused for good), or an attachment that cannot be produced."""
    if isinstance(error, PermanentError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _reason(error: Exception) -> str:
    """Why the message was not sent, for the outbox page."""
    if isinstance(error, PermanentError):
        return str(error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(
            f"{address} ({code} {_text(text)})"
            for address, (code, text) in error.recipients.items()
        )
        return gettext("The mail server refused the recipients: %(refused)s") % {"refused": refused}
    if isinstance(error, smtplib.SMTPResponseException):
        return gettext("The mail server answered %(code)s %(text)s") % {
            "code": error.smtp_code,
            "text": _text(error.smtp_error),
        }
    if isinstance(error, OSError | smtplib.SMTPException):
        return gettext("The mail server could not be reached: %(error)s") % {
            "error": str(error) or type(error).__name__
        }
    return gettext("Sending failed: %(error)s") % {"error": f"{type(error).__name__}: {error}"}


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _max_attempts() -> int:
    return max(int(settings.SERVICEBOOK["OUTBOX_MAX_ATTEMPTS"]), 1)


def _in_language_of(message: OutboxMessage) -> translation.override:
    """Reasons are written in the language of the person who sent the message."""
    return translation.override(message.created_by.language or settings.LANGUAGE_CODE)


# ---------------------------------------------------------------- the one writer of status


def _locked(message: OutboxMessage) -> OutboxMessage:
    return (
        OutboxMessage.objects.select_for_update(of=("self",))
        .select_related("created_by", "document", "project")
        .get(pk=message.pk)
    )


def _transition(message: OutboxMessage, target: str, *, fields: list[str]) -> None:
    """The only code that writes ``OutboxMessage.status`` (checked against the table)."""
    OUTBOX_WORKFLOW.check(message.status, target)
    message.status = target
    message.save(update_fields=["status", "last_error", *fields])
