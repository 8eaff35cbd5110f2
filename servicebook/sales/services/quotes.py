"""Every way a quote changes (SPEC §4): one service per business event.

Each service is one transaction: it locks the quote, checks the transition table
(``QUOTE_WORKFLOW``) and who may make the move (``quote_permissions``), writes through the
one private ``_transition`` (the only writer of ``Quote.status``, which records a
``QuoteStatusChange``), and tells people after the commit. Totals are computed in one place,
``_recompute_totals``. No quote reaches the client before a manager approved its current
revision (不得擅自报价): "sent" is reached only from "approved", by ``quote_mark_sent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import NotificationKind, User
from servicebook.accounts.services import notify
from servicebook.catalog.models import Deliverable, ServiceLine
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.models import AgencySettings
from servicebook.core.sequences import next_number
from servicebook.sales import quote_permissions as can
from servicebook.sales.choices import ApprovalDecision, QuoteLineKind, QuoteStatus
from servicebook.sales.models import Quote, QuoteApproval, QuoteLine, QuoteStatusChange
from servicebook.sales.workflows import QUOTE_WORKFLOW

QUOTE_SERIES = "BJ"
MAX_AMOUNT = Decimal("999999999999.99")  # what a 14-digit, 2-place column holds
MAX_QUANTITY = Decimal("99999999.99")


@dataclass(frozen=True)
class QuoteLineInput:
    """One line as typed: a catalog service (or deliverable), anything else, or the
    event-execution fee (only ``event_cost``; the rate comes from the agency settings)."""

    kind: str = QuoteLineKind.SERVICE
    description: str = ""
    quantity: Decimal = Decimal(1)
    unit: str = ""
    unit_price: Decimal = Decimal(0)
    service_line: ServiceLine | None = None
    deliverable: Deliverable | None = None
    notes: str = ""
    event_cost: Decimal | None = None

    @classmethod
    def execution_fee(
        cls, event_cost: Decimal, description: str = "", notes: str = ""
    ) -> QuoteLineInput:
        """The fee for running the client's event: the agency's rate × the event's cost."""
        return cls(
            kind=QuoteLineKind.EXECUTION_FEE,
            event_cost=event_cost,
            description=description,
            notes=notes,
        )


@dataclass(frozen=True)
class QuoteInput:
    """The header of a quote as typed."""

    title: str
    phase: str = ""
    discount: Decimal = Decimal(0)
    valid_until: date | None = None
    notes: str = ""


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
    header = _clean_header(QuoteInput(title, phase, discount, valid_until, notes))
    quote = Quote(client=client, author=actor, **_header_fields(header))
    quote_lines = _build_lines(lines, fee_rate=None)
    _recompute_totals(quote, quote_lines)
    year = timezone.localdate().year
    quote.number = f"{QUOTE_SERIES}-{year}-{next_number(QUOTE_SERIES, year):04d}"
    quote.save()
    _save_lines(quote, quote_lines)
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
    header = _clean_header(QuoteInput(title, phase, discount, valid_until, notes))
    for name, value in _header_fields(header).items():
        setattr(quote, name, value)
    quote_lines = _build_lines(lines, fee_rate=_quoted_fee_rate(quote))
    _recompute_totals(quote, quote_lines)
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
    _save_lines(quote, quote_lines)
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
    _save_lines(new, [_copy_line(line) for line in old.lines.all()])
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


# ---------------------------------------------------------------- header, lines, money


def _clean_header(header: QuoteInput) -> QuoteInput:
    title = header.title.strip()
    if not title:
        raise DomainError(_("Give the quote a title."), field="title")
    _check_money(header.discount, field="discount")
    return replace(header, title=title, phase=header.phase.strip(), notes=header.notes.strip())


def _header_fields(header: QuoteInput) -> dict[str, object]:
    return {
        "title": header.title,
        "phase": header.phase,
        "discount": header.discount,
        "valid_until": header.valid_until,
        "notes": header.notes,
    }


def _check_money(amount: Decimal, *, field: str, maximum: Decimal = MAX_AMOUNT) -> None:
    """Yuan to the fen, not negative, and small enough for the columns (never rounded)."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DomainError(_("Amounts are exact numbers of yuan."), field=field)
    if amount < 0:
        raise DomainError(_("Amounts cannot be negative."), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("Amounts are exact to the fen (two decimal places)."), field=field)
    if amount > maximum:
        raise DomainError(_("This amount is too large."), field=field)


def _build_lines(lines: Sequence[QuoteLineInput], *, fee_rate: Decimal | None) -> list[QuoteLine]:
    """Checked, unsaved lines in order; the execution fee takes ``fee_rate`` if the quote
    already had one (the rate as first quoted), else the agency's current rate."""
    if sum(1 for line in lines if line.kind == QuoteLineKind.EXECUTION_FEE) > 1:
        raise DomainError(_("A quote has at most one event-execution fee line."))
    built = []
    for position, line in enumerate(lines, start=1):
        if line.kind == QuoteLineKind.EXECUTION_FEE:
            rate = fee_rate if fee_rate is not None else AgencySettings.current().execution_fee_rate
            built.append(_fee_line(line, position, rate))
        else:
            built.append(_priced_line(line, position))
    return built


def _priced_line(line: QuoteLineInput, position: int) -> QuoteLine:
    if line.kind not in (QuoteLineKind.SERVICE, QuoteLineKind.OTHER):
        raise DomainError(_("Unknown kind of quote line."))
    _check_money(line.unit_price, field="lines")
    _check_money(line.quantity, field="lines", maximum=MAX_QUANTITY)
    if line.quantity <= 0:
        raise DomainError(_("Each line needs a quantity above zero."), field="lines")
    service_line = line.service_line
    if line.deliverable is not None:
        if service_line is not None and line.deliverable.service_line_id != service_line.pk:
            raise DomainError(_("The deliverable is not part of that service."), field="lines")
        service_line = line.deliverable.service_line
    kind = line.kind
    if kind == QuoteLineKind.SERVICE and service_line is None:
        raise DomainError(_("A service line names a service from the catalog."), field="lines")
    description = line.description.strip()
    if service_line is None and not description:
        raise DomainError(_("Describe each line that is not from the catalog."), field="lines")
    return QuoteLine(
        position=position,
        kind=kind,
        service_line=service_line,
        deliverable=line.deliverable,
        description=description,
        quantity=line.quantity,
        unit=line.unit.strip(),
        unit_price=line.unit_price,
        notes=line.notes.strip(),
    )


def _fee_line(line: QuoteLineInput, position: int, rate: Decimal) -> QuoteLine:
    if line.event_cost is None:
        raise DomainError(_("Give the event's total cost."), field="event_cost")
    _check_money(line.event_cost, field="event_cost")
    return QuoteLine(
        position=position,
        kind=QuoteLineKind.EXECUTION_FEE,
        description=line.description.strip(),
        quantity=Decimal(1),
        unit_price=Decimal(0),
        event_cost=line.event_cost,
        fee_rate=rate,
        notes=line.notes.strip(),
    )


def _copy_line(line: QuoteLine) -> QuoteLine:
    """A copy of a line for a new version (the execution-fee rate is kept as quoted)."""
    fields = [
        "position",
        "kind",
        "service_line_id",
        "deliverable_id",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "event_cost",
        "fee_rate",
        "amount",
        "notes",
    ]
    return QuoteLine(**{f: getattr(line, f) for f in fields})


def _quoted_fee_rate(quote: Quote) -> Decimal | None:
    return (
        quote.lines.filter(kind=QuoteLineKind.EXECUTION_FEE)
        .values_list("fee_rate", flat=True)
        .first()
    )


def _recompute_totals(quote: Quote, lines: Sequence[QuoteLine]) -> None:
    """The one place totals are computed: each line to the fen (half up), the subtotal is
    their sum, the total is the subtotal less the discount, which cannot exceed it."""
    for line in lines:
        line.amount = line.computed_amount()
        if line.amount > MAX_AMOUNT:
            raise DomainError(_("This amount is too large."), field="lines")
    subtotal = sum((line.amount for line in lines), Decimal("0.00"))
    if subtotal > MAX_AMOUNT:
        raise DomainError(_("This amount is too large."), field="lines")
    if quote.discount > subtotal:
        raise DomainError(_("The discount cannot be more than the subtotal."), field="discount")
    quote.subtotal = subtotal
    quote.total = subtotal - quote.discount


def _save_lines(quote: Quote, lines: Sequence[QuoteLine]) -> None:
    for line in lines:
        line.quote = quote
    QuoteLine.objects.bulk_create(lines)
