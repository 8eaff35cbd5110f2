"""Contract pages: list, draw up, change, detail with signing and cancelling."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.clients.models import Client
from servicebook.contracts import forms, selectors
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract
from servicebook.contracts.permissions import (
    can_draw_up_contract,
    can_edit_contract,
    can_sign_contract,
)
from servicebook.contracts.services import (
    contract_cancel,
    contract_create,
    contract_sign,
    contract_update,
)
from servicebook.core.errors import DomainError
from servicebook.core.filters import ListFilter, build_filters
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate


def contract_list(request: AuthenticatedRequest) -> HttpResponse:
    """Contracts the user may see: search, filters, sorting, pagination."""
    page = paginate(request, selectors.contract_list(request.user, request.GET))
    context = {"page": page, "filters": _filters(request), "sort": request.GET.get("sort", "")}
    template = "contracts/list.html#results" if request.htmx else "contracts/list.html"
    return render(request, template, context)


def contract_create_view(request: AuthenticatedRequest) -> HttpResponse:
    """Draw up a contract for ``?client=<pk>`` from its accepted quotes."""
    client = selectors.contract_client(request.user, request.GET.get("client"))
    if not can_draw_up_contract(request.user, client):
        raise PermissionDenied
    forms_ = _ContractForms(request, client, None)
    if request.method == "POST" and forms_.is_valid():
        try:
            contract = contract_create(actor=request.user, client=client, **forms_.terms())
        except DomainError as error:
            forms_.add_error(error)
        else:
            messages.success(request, _("Contract %(no)s drawn up.") % {"no": contract.number})
            return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/form.html", forms_.context())


def contract_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a draft contract."""
    contract = selectors.contract_detail(request.user, pk)
    if not can_edit_contract(request.user, contract):
        raise PermissionDenied
    forms_ = _ContractForms(request, contract.client, contract)
    if request.method == "POST" and forms_.is_valid():
        try:
            contract_update(actor=request.user, contract=contract, **forms_.terms())
        except DomainError as error:
            forms_.add_error(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/form.html", forms_.context())


def contract_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One contract: parties, value, milestones, quotes, services, history, signing."""
    contract = selectors.contract_detail(request.user, pk)
    return _detail(request, contract)


@require_POST
def contract_sign_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the signing: the client becomes contracted and the project is created."""
    contract = selectors.contract_detail(request.user, pk)
    form = forms.SignForm(request.POST)
    if form.is_valid():
        try:
            contract_sign(
                actor=request.user, contract=contract, signed_on=form.cleaned_data["signed_on"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Contract %(no)s signed: the client is now contracted and the project exists.")
                % {"no": contract.number},
            )
            return redirect("contracts:detail", pk=contract.pk)
    return _detail(request, contract, sign_form=form, status=400)


@require_POST
def contract_cancel_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Cancel a draft contract with a reason."""
    contract = selectors.contract_detail(request.user, pk)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            contract_cancel(
                actor=request.user, contract=contract, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Contract %(no)s cancelled.") % {"no": contract.number})
            return redirect("contracts:detail", pk=contract.pk)
    return _detail(request, contract, cancel_form=form, status=400)


def _detail(
    request: AuthenticatedRequest,
    contract: Contract,
    *,
    sign_form: forms.SignForm | None = None,
    cancel_form: forms.CancelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    milestones = list(contract.milestones.all())
    total = sum((m.amount for m in milestones), Decimal("0.00"))
    context = {
        "contract": contract,
        "client": contract.client,
        "milestones": milestones,
        "milestones_total": total,
        "milestones_add_up": total == contract.value,
        "history": selectors.contract_history(contract),
        "may_edit": can_edit_contract(request.user, contract),
        "may_sign": can_sign_contract(request.user, contract),
        "sign_form": sign_form or forms.SignForm(initial={"signed_on": timezone.localdate()}),
        "cancel_form": cancel_form or forms.CancelForm(),
        "cancel_open": cancel_form is not None,
    }
    return render(request, "contracts/detail.html", context, status=status)


class _ContractForms:
    """The contract form with its milestones formset, bound or not."""

    def __init__(
        self, request: AuthenticatedRequest, client: Client, contract: Contract | None
    ) -> None:
        data = request.POST if request.method == "POST" else None
        quotes = selectors.open_accepted_quotes(client, contract)
        terms: dict[str, Any] | None = None
        rows: list[dict[str, Any]] | None = None
        if data is None and contract is not None:
            terms, rows = forms.contract_initial(contract), forms.milestone_initial(contract)
        elif data is None:
            total = selectors.quotes_total(quotes)
            title = _("%(client)s service contract") % {"client": client.display_name}
            terms = forms.initial_terms(quotes, total, selectors.quoted_services(quotes), title)
            rows = forms.initial_milestones(total)
        self.form = forms.ContractForm(data, quotes=quotes, initial=terms)
        self.milestones = forms.MilestoneFormSet(data, prefix="milestones", initial=rows)
        self.milestone_errors: list[str] = []
        self.has_open_quotes = data is not None or quotes.exists()
        self.client = client
        self.contract = contract

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.milestones.is_valid()])

    def terms(self) -> dict[str, Any]:
        return self.form.terms(forms.milestone_inputs(self.milestones))

    def add_error(self, error: DomainError) -> None:
        if error.field == "milestones":
            self.milestone_errors.append(str(error.message))
        else:
            add_domain_error(self.form, error)

    def context(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "milestones": self.milestones,
            "milestone_errors": self.milestone_errors,
            "has_open_quotes": self.has_open_quotes,
            "client": self.client,
            "contract": self.contract,
        }


def _filters(request: AuthenticatedRequest) -> list[ListFilter]:
    """Status for everyone; department for managers."""
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = [
        ("status", gettext_lazy("Status"), [(v, str(label)) for v, label in ContractStatus.choices])
    ]
    if request.user.is_manager:
        departments = selectors.list_departments(request.user)
        specs.append(
            ("department", gettext_lazy("Department"), [(str(d.pk), d.name) for d in departments])
        )
    return build_filters(request.GET, specs)
