"""Read models of contracts for pages; all scoped through visible_to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from servicebook.accounts.models import Department, User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.models import Client
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract
from servicebook.contracts.permissions import can_draw_up_contract
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import Quote, QuoteLine

SORTS = {
    "created": ("-created_at", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "value": ("value", "id"),
    "-value": ("-value", "-id"),
    "signed": ("signed_on", "id"),
    "-signed": ("-signed_on", "-id"),
}
LIVE_STATUSES = (ContractStatus.DRAFT, ContractStatus.SIGNED)


class ClientContracts(list[Contract]):
    """The client's contracts for the client page, and whether the user may draw one up.

    ``used_quote_ids`` are the quotes already in a draft or signed contract: the page offers
    "Draw up a contract" when the user may and one of the quotes it lists is accepted and
    not among them (no extra query when the client has no contract yet).
    """

    may_draw_up: bool = False
    used_quote_ids: frozenset[int] = frozenset()


def client_contracts(user: User, client: Client) -> ClientContracts:
    """The client's contracts the user may see, with their projects and quotes."""
    contracts = ClientContracts(
        Contract.objects.visible_to(user)
        .filter(client=client)
        .select_related("project")
        .prefetch_related("quotes")
    )
    contracts.may_draw_up = can_draw_up_contract(user, client)
    contracts.used_quote_ids = frozenset(
        q.pk for c in contracts if c.status in LIVE_STATUSES for q in c.quotes.all()
    )
    return contracts


def contract_list(user: User, params: Any) -> QuerySet[Contract]:
    """Contracts the user may see, searched (number, title, client), filtered and sorted."""
    contracts = Contract.objects.visible_to(user).select_related(
        "client", "client__department", "project"
    )
    if text := (params.get("q") or "").strip():
        for word in text.split():
            contracts = contracts.filter(
                Q(number__icontains=word)
                | Q(title__icontains=word)
                | Q(client__legal_name__icontains=word)
                | Q(client__short_name__icontains=word)
            )
    if (status := params.get("status")) in ContractStatus.values:
        contracts = contracts.filter(status=status)
    if (department := params.get("department") or "").isdigit():
        contracts = contracts.filter(client__department_id=int(department))
    return contracts.order_by(*SORTS.get(params.get("sort") or "", SORTS["created"]))


def list_departments(user: User) -> list[Department]:
    """Departments a manager may filter by (all for the GM); none for other staff."""
    if user.is_general_manager:
        return list(Department.objects.all())
    return list(Department.objects.filter(pk__in=user.managed_department_ids))


def contract_detail(user: User, pk: int) -> Contract:
    """One contract the user may see, with everything its page shows (404 otherwise)."""
    return get_object_or_404(
        Contract.objects.visible_to(user)
        .select_related(
            "client", "client__department", "client__owner", "created_by", "signed_by", "project"
        )
        .prefetch_related("milestones", "quotes", "services"),
        pk=pk,
    )


def contract_client(user: User, pk: Any) -> Client:
    """The client a new contract is drawn up for: visible to the user (404 otherwise)."""
    if not str(pk or "").isdigit():
        raise Http404
    return get_object_or_404(
        Client.objects.visible_to(user).select_related("department", "owner"), pk=int(pk)
    )


def open_accepted_quotes(client: Client, contract: Contract | None = None) -> QuerySet[Quote]:
    """The client's accepted quotes not in another draft or signed contract."""
    used = Contract.objects.filter(client=client, status__in=LIVE_STATUSES)
    if contract is not None:
        used = used.exclude(pk=contract.pk)
    return (
        Quote.objects.filter(client=client, status=QuoteStatus.ACCEPTED)
        .exclude(contracts__in=used)
        .order_by("created_at", "id")
    )


def quotes_total(quotes: QuerySet[Quote]) -> Decimal:
    """The sum of the quotes' totals (exact)."""
    total = quotes.aggregate(total=Sum("total"))["total"] or Decimal(0)
    return Decimal(total).quantize(Decimal("0.01"))


def quoted_services(quotes: QuerySet[Quote]) -> QuerySet[ServiceLine]:
    """The service lines the quotes' lines name."""
    lines = QuoteLine.objects.filter(quote__in=quotes, service_line__isnull=False)
    return ServiceLine.objects.filter(pk__in=lines.values("service_line_id"))


@dataclass
class ContractChange:
    """One entry of a contract's history: when, who, what, which fields, why."""

    when: datetime
    who: str
    action: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def contract_history(contract: Contract, limit: int = 30) -> list[ContractChange]:
    """Who changed what on the contract and when (field history from simple-history)."""
    records = list(
        contract.history.select_related("history_user", "signed_by").order_by(
            "history_date", "history_id"
        )
    )
    entries: list[ContractChange] = []
    previous = None
    for record in records:
        entry = _history_entry(record, previous)
        if entry is not None:
            entries.append(entry)
        previous = record
    entries.reverse()
    return entries[:limit]


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_SKIPPED = {"created_at", "created_by", "client", "number", "party_a", "party_b"}


def _history_entry(record: Any, previous: Any) -> ContractChange | None:
    changes: list[tuple[str, str, str]] = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(
            previous, excluded_fields=list(_SKIPPED), foreign_keys_are_objs=True
        )
        for change in delta.changes:
            model_field: Any = Contract._meta.get_field(change.field)
            old, new = _show(model_field, change.old), _show(model_field, change.new)
            changes.append((str(model_field.verbose_name), old, new))
        if not changes and not record.history_change_reason:
            return None
    user = record.history_user
    return ContractChange(
        when=record.history_date,
        who=user.display_name if user else _("system"),
        action=_ACTIONS[record.history_type],
        reason=record.history_change_reason or "",
        changes=changes,
    )


def _show(model_field: Any, value: Any) -> str:
    if value in (None, ""):
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.many_to_one:  # the related object, or simple-history's DeletedObject
        return "" if getattr(value, "pk", None) is None else str(value)
    if isinstance(value, Decimal):
        return f"¥{value:,.2f}"
    return str(value)
