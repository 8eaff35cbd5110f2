"""Drawing up a contract from the client's accepted quotes, and changing the draft."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.models import Client
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract, PaymentMilestone
from servicebook.contracts.permissions import can_draw_up_contract
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.models import AgencySettings
from servicebook.core.sequences import next_number
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import Quote

CONTRACT_SERIES = "HT"
FEN = Decimal("0.01")
LIVE_STATUSES = (ContractStatus.DRAFT, ContractStatus.SIGNED)


@dataclass(frozen=True)
class MilestoneInput:
    """One payment milestone as typed: name, amount in yuan (to the fen), due date, condition."""

    name: str
    amount: Decimal
    due_on: date | None = None
    condition: str = ""


@dataclass(frozen=True)
class _Terms:
    """The checked terms of a contract, ready to save."""

    quotes: list[Quote]
    title: str
    value: Decimal
    start_on: date
    end_on: date
    services: list[ServiceLine]
    milestones: list[MilestoneInput]
    notes: str


@transaction.atomic
def contract_create(
    *,
    actor: User,
    client: Client,
    quotes: Sequence[Quote],
    title: str,
    start_on: date,
    end_on: date,
    services: Sequence[ServiceLine],
    milestones: Sequence[MilestoneInput],
    value: Decimal | None = None,
    notes: str = "",
) -> Contract:
    """Draw up a draft contract ``HT-YYYY-NNNN`` from accepted quotes of ``client``.

    The value defaults to the quotes' total; the milestones must add up to it exactly.
    Party A is the client's legal name, party B the agency. Allowed to the client's owner,
    a manager of its department and the GM.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not can_draw_up_contract(actor, client):
        raise PermissionDenied(_("You may not draw up contracts for this client."))
    terms = _check_terms(
        client, quotes, title, start_on, end_on, services, milestones, value, notes
    )
    year = timezone.localdate().year
    contract = Contract(
        number=f"{CONTRACT_SERIES}-{year}-{next_number(CONTRACT_SERIES, year):04d}",
        client=client,
        party_a=client.legal_name,
        party_b=agency_name(),
        status=ContractStatus.DRAFT,
        created_by=actor,
    )
    _apply(contract, terms)
    contract._history_user = actor  # type: ignore[attr-defined]
    contract.save()
    _save_relations(contract, terms, new=True)
    return contract


@transaction.atomic
def contract_update(
    *,
    actor: User,
    contract: Contract,
    quotes: Sequence[Quote],
    title: str,
    start_on: date,
    end_on: date,
    services: Sequence[ServiceLine],
    milestones: Sequence[MilestoneInput],
    value: Decimal | None = None,
    notes: str = "",
) -> Contract:
    """Change a draft contract; the same rules as drawing it up. Signed ones are fixed."""
    contract = Contract.objects.select_for_update().select_related("client").get(pk=contract.pk)
    if not can_draw_up_contract(actor, contract.client):
        raise PermissionDenied(_("You may not change this contract."))
    if contract.status != ContractStatus.DRAFT:
        raise DomainError(_("Only a draft contract can be changed."))
    terms = _check_terms(
        contract.client,
        quotes,
        title,
        start_on,
        end_on,
        services,
        milestones,
        value,
        notes,
        contract=contract,
    )
    _apply(contract, terms)
    contract._history_user = actor  # type: ignore[attr-defined]
    contract.save(update_fields=["title", "value", "start_on", "end_on", "notes"])
    _save_relations(contract, terms, new=False)
    return contract


def agency_name() -> str:
    """Party B: the agency's Chinese name from its settings."""
    return AgencySettings.current().name_zh.strip() or "Servicebook"


def _check_terms(
    client: Client,
    quotes: Sequence[Quote],
    title: str,
    start_on: date,
    end_on: date,
    services: Sequence[ServiceLine],
    milestones: Sequence[MilestoneInput],
    value: Decimal | None,
    notes: str,
    *,
    contract: Contract | None = None,
) -> _Terms:
    """Check every rule of a contract's terms; raise a DomainError on the first broken one."""
    checked = _check_quotes(client, quotes, contract)
    total = value if value is not None else sum((q.total for q in checked), Decimal(0))
    total = _check_amount(total, field="value")
    if not title.strip():
        raise DomainError(_("Give the contract a title."), field="title")
    if end_on < start_on:
        raise DomainError(_("The contract cannot end before it starts."), field="end_on")
    if not services:
        raise DomainError(_("Choose at least one service in scope."), field="services")
    _check_milestones(milestones, total)
    return _Terms(
        checked,
        title.strip(),
        total,
        start_on,
        end_on,
        list(services),
        list(milestones),
        notes.strip(),
    )


def _check_quotes(
    client: Client, quotes: Sequence[Quote], contract: Contract | None
) -> list[Quote]:
    """The quotes, re-read: at least one, all accepted, all the client's, none already used."""
    ids = {q.pk for q in quotes}
    if not ids:
        raise DomainError(_("Choose at least one accepted quote."), field="quotes")
    found = list(
        Quote.objects.filter(pk__in=ids, client=client, status=QuoteStatus.ACCEPTED).order_by("id")
    )
    if len(found) != len(ids):
        raise DomainError(
            _("A contract is drawn up from this client's accepted quotes only."), field="quotes"
        )
    used = Contract.objects.filter(quotes__in=ids, status__in=LIVE_STATUSES)
    if contract is not None:
        used = used.exclude(pk=contract.pk)
    if taken := list(used.values_list("number", flat=True).distinct()):
        raise DomainError(
            _("A chosen quote is already in contract %(numbers)s.") % {"numbers": "、".join(taken)},
            field="quotes",
        )
    return found


def _check_amount(amount: Decimal, *, field: str) -> Decimal:
    """An amount in yuan, not negative and exact to the fen (never rounded)."""
    if amount < 0 or amount != amount.quantize(FEN):
        raise DomainError(_("Enter an amount in yuan, to the fen at most."), field=field)
    return amount.quantize(FEN)


def _check_milestones(milestones: Sequence[MilestoneInput], value: Decimal) -> None:
    """Each milestone named and positive; together exactly the contract value."""
    for milestone in milestones:
        if not milestone.name.strip():
            raise DomainError(_("Name every payment milestone."), field="milestones")
        if _check_amount(milestone.amount, field="milestones") == 0:
            raise DomainError(_("A payment milestone must be more than zero."), field="milestones")
    total = sum((m.amount for m in milestones), Decimal(0))
    if total != value:
        raise DomainError(
            _("The payment milestones add up to ¥%(total)s, not the contract value ¥%(value)s.")
            % {"total": f"{total:,.2f}", "value": f"{value:,.2f}"},
            field="milestones",
        )


def _apply(contract: Contract, terms: _Terms) -> None:
    contract.title = terms.title
    contract.value = terms.value
    contract.start_on = terms.start_on
    contract.end_on = terms.end_on
    contract.notes = terms.notes


def _save_relations(contract: Contract, terms: _Terms, *, new: bool) -> None:
    """The quotes, services and milestones (replaced as a whole on a change)."""
    contract.quotes.set(terms.quotes)
    contract.services.set(terms.services)
    if not new:
        contract.milestones.all().delete()
    PaymentMilestone.objects.bulk_create(
        PaymentMilestone(
            contract=contract,
            position=position,
            name=m.name.strip(),
            amount=m.amount.quantize(FEN),
            due_on=m.due_on,
            condition=m.condition.strip(),
        )
        for position, m in enumerate(terms.milestones, start=1)
    )
