"""Quote inputs, lines and money: typed inputs, priced lines, totals to the fen.

Amounts are Decimal and rounded half-up to the fen per line; the totals are computed in one
place (``recompute_totals``). Used by the quote services only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from servicebook.catalog.models import Deliverable, ServiceLine
from servicebook.core.errors import DomainError
from servicebook.core.models import AgencySettings
from servicebook.sales.choices import QuoteLineKind
from servicebook.sales.models import Quote, QuoteLine

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


# ---------------------------------------------------------------- header, lines, money


def clean_header(header: QuoteInput) -> QuoteInput:
    title = header.title.strip()
    if not title:
        raise DomainError(_("Give the quote a title."), field="title")
    check_money(header.discount, field="discount")
    return replace(header, title=title, phase=header.phase.strip(), notes=header.notes.strip())


def header_fields(header: QuoteInput) -> dict[str, object]:
    return {
        "title": header.title,
        "phase": header.phase,
        "discount": header.discount,
        "valid_until": header.valid_until,
        "notes": header.notes,
    }


def check_money(amount: Decimal, *, field: str, maximum: Decimal = MAX_AMOUNT) -> None:
    """Yuan to the fen, not negative, and small enough for the columns (never rounded)."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DomainError(_("Amounts are exact numbers of yuan."), field=field)
    if amount < 0:
        raise DomainError(_("Amounts cannot be negative."), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("Amounts are exact to the fen (two decimal places)."), field=field)
    if amount > maximum:
        raise DomainError(_("This amount is too large."), field=field)


def build_lines(lines: Sequence[QuoteLineInput], *, fee_rate: Decimal | None) -> list[QuoteLine]:
    """Checked, unsaved lines in order; the execution fee takes ``fee_rate`` if the quote
    already had one (the rate as first quoted), else the agency's current rate."""
    if sum(1 for line in lines if line.kind == QuoteLineKind.EXECUTION_FEE) > 1:
        raise DomainError(_("A quote has at most one event-execution fee line."))
    built = []
    for position, line in enumerate(lines, start=1):
        if line.kind == QuoteLineKind.EXECUTION_FEE:
            rate = fee_rate if fee_rate is not None else AgencySettings.current().execution_fee_rate
            built.append(fee_line(line, position, rate))
        else:
            built.append(priced_line(line, position))
    return built


def priced_line(line: QuoteLineInput, position: int) -> QuoteLine:
    if line.kind not in (QuoteLineKind.SERVICE, QuoteLineKind.OTHER):
        raise DomainError(_("Unknown kind of quote line."))
    check_money(line.unit_price, field="lines")
    check_money(line.quantity, field="lines", maximum=MAX_QUANTITY)
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


def fee_line(line: QuoteLineInput, position: int, rate: Decimal) -> QuoteLine:
    if line.event_cost is None:
        raise DomainError(_("Give the event's total cost."), field="event_cost")
    check_money(line.event_cost, field="event_cost")
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


def copy_line(line: QuoteLine) -> QuoteLine:
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


def quoted_fee_rate(quote: Quote) -> Decimal | None:
    return (
        quote.lines.filter(kind=QuoteLineKind.EXECUTION_FEE)
        .values_list("fee_rate", flat=True)
        .first()
    )


def recompute_totals(quote: Quote, lines: Sequence[QuoteLine]) -> None:
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


def save_lines(quote: Quote, lines: Sequence[QuoteLine]) -> None:
    for line in lines:
        line.quote = quote
    QuoteLine.objects.bulk_create(lines)
