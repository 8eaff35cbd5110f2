"""Every way a quote changes (SPEC §4): one service per business event.

Each service is one transaction: it locks the quote, checks the transition table
(``QUOTE_WORKFLOW``) and who may make the move (``quote_permissions``), writes through the
one private ``_transition`` (the only writer of ``Quote.status``, which records a
``QuoteStatusChange``), and tells people after the commit. Totals are computed in one place,
``quote_lines.recompute_totals``. No quote reaches the client before a manager approved its current
revision (不得擅自报价): "sent" is reached only from "approved", by ``quote_mark_sent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import NotificationKind, User
from servicebook.accounts.services import notify
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.sequences import next_number
from servicebook.sales import quote_permissions as can
from servicebook.sales.choices import ApprovalDecision, QuoteStatus
from servicebook.sales.models import Quote, QuoteApproval, QuoteStatusChange
from servicebook.sales.services.quote_lines import (
    QuoteInput,
    QuoteLineInput,
    build_lines,
    clean_header,
    copy_line,
    header_fields,
    quoted_fee_rate,
    recompute_totals,
    save_lines,
)
from servicebook.sales.workflows import QUOTE_WORKFLOW

QUOTE_SERIES = "BJ"

# ---------------------------------------------------------------- creating and editing


@transaction.atomic
def quote_create(
    *,
    actor: User,
    client: Client,
    title: str,
    lines: Sequence[QuoteLineInput] = (),
    phase: str = "",
    discount: Decimal = Decimal(0),
    valid_until: date | None = None,
    notes: str = "",
) -> Quote:
    """Write a draft quote ``BJ-YYYY-NNNN`` for a client the author may see.

    Clients are quoted while followed up, at proposal, reported or negotiating
    (``QUOTABLE_STAGES``); the author is ``actor``.
    """
    client = Client.objects.select_related("department").get(pk=client.pk)
    _check_may_quote(actor, client)
    header = clean_header(QuoteInput(title, phase, discount, valid_until, notes))
    quote = Quote(client=client, author=actor, **header_fields(header))
    quote_lines = build_lines(lines, fee_rate=None)
    recompute_totals(quote, quote_lines)
    year = timezone.localdate().year
    quote.number = f"{QUOTE_SERIES}-{year}-{next_number(QUOTE_SERIES, year):04d}"
    quote.save()
    save_lines(quote, quote_lines)
    return quote


@transaction.atomic
def quote_update(
    *,
    actor: User,
    quote: Quote,
    title: str,
    lines: Sequence[QuoteLineInput],
    phase: str = "",
    discount: Decimal = Decimal(0),
    valid_until: date | None = None,
    notes: str = "",
) -> Quote:
    """Replace a quote's header and lines.

    Only draft, rejected and approved quotes change. Editing an approved or rejected quote
    returns it to draft and raises its revision: the earlier decision no longer applies.
    An execution-fee line keeps the rate it was first quoted at.
    """
    quote = _locked(quote)
    if quote.status not in can.EDITABLE_QUOTE_STATUSES:
        raise DomainError(_("Only a draft, rejected or approved quote can be edited."))
    if not can.can_edit_quote(actor, quote):
        raise PermissionDenied(_("Only the author or the client's owner can edit this quote."))
    header = clean_header(QuoteInput(title, phase, discount, valid_until, notes))
    for name, value in header_fields(header).items():
        setattr(quote, name, value)
    quote_lines = build_lines(lines, fee_rate=quoted_fee_rate(quote))
    recompute_totals(quote, quote_lines)
    fields = ["title", "phase", "discount", "valid_until", "notes", "subtotal", "total"]
    if quote.status == QuoteStatus.DRAFT:
        quote.save(update_fields=[*fields, "updated_at"])
    else:
        quote.revision += 1
        note = _("Edited after the decision; the decision no longer applies.")
        _transition(
            quote, QuoteStatus.DRAFT, actor=actor, note=str(note), fields=[*fields, "revision"]
        )
    quote.lines.all().delete()
    save_lines(quote, quote_lines)
    return quote


@transaction.atomic
def quote_new_version(*, actor: User, quote: Quote) -> Quote:
    """Copy a quote into a new draft that replaces it; the old one becomes superseded."""
    old = _locked(quote)
    QUOTE_WORKFLOW.check(old.status, QuoteStatus.SUPERSEDED)
    if not can.can_new_version(actor, old):
        if old.client.status not in can.QUOTABLE_STAGES:
            raise DomainError(_("This client is not at a stage where quotes are written."))
        raise PermissionDenied(_("Only the author or the client's owner can replace this quote."))
    year = timezone.localdate().year
    new = Quote.objects.create(
        number=f"{QUOTE_SERIES}-{year}-{next_number(QUOTE_SERIES, year):04d}",
        client=old.client,
        author=actor,
        supersedes=old,
        **{f: getattr(old, f) for f in ("title", "phase", "discount", "valid_until", "notes")},
        **{f: getattr(old, f) for f in ("subtotal", "total")},
    )
    save_lines(new, [copy_line(line) for line in old.lines.all()])
    note = _("Replaced by %(number)s") % {"number": new.number}
    _transition(old, QuoteStatus.SUPERSEDED, actor=actor, note=str(note))
    return new


# ---------------------------------------------------------------- the approval round


@transaction.atomic
def quote_submit(*, actor: User, quote: Quote, note: str = "") -> Quote:
    """Put a draft before the manager of the client's department, who is told at once."""
    quote = _locked(quote)
    QUOTE_WORKFLOW.check(quote.status, QuoteStatus.SUBMITTED)
    if not can.can_submit(actor, quote):
        raise PermissionDenied(_("Only the author or the client's owner can submit this quote."))
    if not quote.lines.exists():
        raise DomainError(_("Add at least one line before submitting the quote."))
    _transition(quote, QuoteStatus.SUBMITTED, actor=actor, note=note)
    recipients = quote_approvers_to_notify(quote)
    params = {"actor": actor.display_name, "quote": quote.number}
    transaction.on_commit(
        lambda: notify(recipients, NotificationKind.QUOTE_SUBMITTED, url=_url(quote), **params)
    )
    return quote


@transaction.atomic
def quote_withdraw(*, actor: User, quote: Quote, note: str = "") -> Quote:
    """Take a submitted quote back to draft before a manager decides."""
    quote = _locked(quote)
    if quote.status != QuoteStatus.SUBMITTED:
        QUOTE_WORKFLOW.check(quote.status, QuoteStatus.SUBMITTED)  # a clear message
        raise DomainError(_("Only a quote waiting for approval can be withdrawn."))
    if not can.can_withdraw(actor, quote):
        raise PermissionDenied(_("Only the author or the client's owner can withdraw it."))
    _transition(quote, QuoteStatus.DRAFT, actor=actor, note=note)
    return quote


def quote_approve(*, actor: User, quote: Quote, comment: str = "") -> QuoteApproval:
    """Approve the current revision: the manager of the client's department or the GM,
    never the author. Two managers at once: the first wins, the second is told."""
    return _decide(actor, quote, ApprovalDecision.APPROVED, comment)


def quote_reject(*, actor: User, quote: Quote, comment: str) -> QuoteApproval:
    """Reject the current revision with a comment saying why (same deciders as approval)."""
    return _decide(actor, quote, ApprovalDecision.REJECTED, comment)


@transaction.atomic
def _decide(actor: User, quote: Quote, decision: str, comment: str) -> QuoteApproval:
    quote = _locked(quote)
    if quote.status != QuoteStatus.SUBMITTED:
        raise DomainError(
            _("Quote %(number)s is not waiting for approval any more (it is “%(status)s”).")
            % {"number": quote.number, "status": quote.status_label}
        )
    if not can.can_approve_quote(actor, quote):
        if actor.pk == quote.author_id:
            raise PermissionDenied(_("You wrote this quote: another manager must decide on it."))
        raise PermissionDenied(
            _("Only the manager of the client's department or the general manager can decide.")
        )
    comment = comment.strip()
    if decision == ApprovalDecision.REJECTED and not comment:
        raise DomainError(_("Say why the quote is rejected."), field="comment")
    try:
        with transaction.atomic():
            approval = QuoteApproval.objects.create(
                quote=quote,
                revision=quote.revision,
                decision=decision,
                decided_by=actor,
                comment=comment,
            )
    except IntegrityError as exc:  # the last guard: one decision per revision
        raise DomainError(_("Another manager has already decided on this quote.")) from exc
    target = QuoteStatus.APPROVED if decision == ApprovalDecision.APPROVED else QuoteStatus.REJECTED
    _transition(quote, target, actor=actor, note=comment)
    params = {
        "actor": actor.display_name,
        "quote": quote.number,
        "decision": ApprovalDecision(decision).label,
    }
    author = quote.author
    transaction.on_commit(
        lambda: notify([author], NotificationKind.QUOTE_DECIDED, url=_url(quote), **params)
    )
    return approval


# ---------------------------------------------------------------- with the client


@transaction.atomic
def quote_mark_sent(*, actor: User, quote: Quote, note: str = "") -> Quote:
    """Record that the approved quote went to the client — the only way to "send" one."""
    quote = _locked(quote)
    QUOTE_WORKFLOW.check(quote.status, QuoteStatus.SENT)
    if not can.can_send(actor, quote):
        raise PermissionDenied(_("You cannot send this client's quotes."))
    if not _current_revision_approved(quote):
        raise DomainError(_("This revision of the quote has not been approved."))
    quote.sent_at = timezone.now()
    _transition(quote, QuoteStatus.SENT, actor=actor, note=note, fields=["sent_at"])
    return quote


@transaction.atomic
def quote_mark_accepted(*, actor: User, quote: Quote, note: str = "") -> Quote:
    """The client accepted the quote it was sent."""
    return _record_answer(actor, quote, QuoteStatus.ACCEPTED, note)


@transaction.atomic
def quote_mark_declined(*, actor: User, quote: Quote, note: str = "") -> Quote:
    """The client declined the quote it was sent (a new version may follow)."""
    return _record_answer(actor, quote, QuoteStatus.DECLINED, note)


def _record_answer(actor: User, quote: Quote, target: str, note: str) -> Quote:
    quote = _locked(quote)
    QUOTE_WORKFLOW.check(quote.status, target)
    if not can.can_record_answer(actor, quote):
        raise PermissionDenied(_("You cannot record the client's answer to this quote."))
    _transition(quote, target, actor=actor, note=note)
    return quote


# ---------------------------------------------------------------- who is told


def quote_approvers_to_notify(quote: Quote) -> list[User]:
    """The manager of the client's department; the GM when there is none or they wrote it."""
    manager = quote.client.department.manager
    if manager is not None and manager.is_active and manager.pk != quote.author_id:
        return [manager]
    return list(
        User.objects.filter(roles__role=JobRole.GM, is_active=True).exclude(pk=quote.author_id)
    )


# ---------------------------------------------------------------- the one writer of status


def _transition(
    quote: Quote, target: str, *, actor: User, note: str = "", fields: Sequence[str] = ()
) -> QuoteStatusChange:
    """Move a locked quote to ``target`` if the table allows it, and record the move.

    The only code that writes ``Quote.status``; ``fields`` are saved with it.
    """
    QUOTE_WORKFLOW.check(quote.status, target)
    change = QuoteStatusChange.objects.create(
        quote=quote, from_status=quote.status, to_status=target, actor=actor, note=note
    )
    quote.status = target
    quote.save(update_fields=["status", "updated_at", *fields])
    return change


def _locked(quote: Quote) -> Quote:
    """The quote row, locked for the rest of the transaction, with its client loaded."""
    return (
        Quote.objects.select_for_update(of=("self",))
        .select_related("client__department__manager", "author")
        .get(pk=quote.pk)
    )


def _url(quote: Quote) -> str:
    return reverse("sales:quote_detail", args=[quote.pk])


def _current_revision_approved(quote: Quote) -> bool:
    return QuoteApproval.objects.filter(
        quote=quote, revision=quote.revision, decision=ApprovalDecision.APPROVED
    ).exists()


def _check_may_quote(actor: User, client: Client) -> None:
    if can.can_create_quote(actor, client):
        return
    if not Client.objects.visible_to(actor).filter(pk=client.pk).exists():
        raise PermissionDenied(_("You cannot quote for this client."))
    raise DomainError(
        _(
            "Quotes are written while the client is followed up, at proposal, reported or in "
            "negotiation; this client is “%(stage)s”."
        )
        % {"stage": client.status_label}
    )
