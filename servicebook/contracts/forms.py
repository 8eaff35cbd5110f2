"""Forms of contracts; they check input, services make the change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.catalog.models import ServiceLine
from servicebook.contracts.models import Contract
from servicebook.contracts.services import MilestoneInput
from servicebook.sales.models import Quote


class DateInput(forms.DateInput):
    """An ISO date picker."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _quote_label(quote: Quote) -> str:
    phase = f" · {quote.phase}" if quote.phase else ""
    return f"{quote.number} {quote.title}{phase} · ¥{quote.total:,.2f}"


class ContractForm(forms.Form):
    """The contract's terms: accepted quotes, title, dates, value, services, notes."""

    quotes = forms.ModelMultipleChoiceField(
        label=_("Accepted quotes"),
        queryset=Quote.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Contract title"), max_length=200)
    start_on = forms.DateField(label=_("Start"), widget=DateInput())
    end_on = forms.DateField(label=_("End"), widget=DateInput())
    value = forms.DecimalField(
        label=_("Contract value (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        help_text=_("Leave blank to use the total of the chosen quotes."),
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Services in scope"),
        queryset=ServiceLine.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, quotes: QuerySet[Quote], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["quotes"])
        field.queryset = quotes
        field.label_from_instance = _quote_label  # type: ignore[method-assign,assignment]

    def terms(self, milestones: list[MilestoneInput]) -> dict[str, Any]:
        """The keyword arguments of ``contract_create`` / ``contract_update``."""
        data = self.cleaned_data
        return {
            "quotes": list(data["quotes"]),
            "title": data["title"],
            "start_on": data["start_on"],
            "end_on": data["end_on"],
            "value": data["value"],
            "services": list(data["services"]),
            "milestones": milestones,
            "notes": data["notes"],
        }


class MilestoneForm(forms.Form):
    """One payment milestone; a blank row is ignored."""

    name = forms.CharField(label=_("Milestone"), max_length=100, required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    condition = forms.CharField(label=_("Condition"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = data.get("amount") is not None or data.get("due_on") or data.get("condition")
        if filled and not (data.get("name") or "").strip():
            self.add_error("name", _("Name the milestone."))
        if (data.get("name") or "").strip() and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount."))
        return data

    def to_input(self) -> MilestoneInput | None:
        data = getattr(self, "cleaned_data", None)
        if not data or not (data.get("name") or "").strip():
            return None
        return MilestoneInput(
            name=data["name"],
            amount=data["amount"],
            due_on=data.get("due_on"),
            condition=data.get("condition") or "",
        )


MilestoneFormSet = formset_factory(MilestoneForm, extra=2, max_num=24)


def milestone_inputs(formset: Any) -> list[MilestoneInput]:
    """The filled milestone rows, in order."""
    rows = [form.to_input() for form in formset.forms]
    return [row for row in rows if row is not None]


def initial_terms(
    quotes: QuerySet[Quote], total: Decimal, services: QuerySet[ServiceLine], title: str
) -> dict[str, Any]:
    """A new contract's starting point: every open quote, their total and services."""
    return {
        "quotes": list(quotes),
        "title": title,
        "start_on": timezone.localdate(),
        "value": total,
        "services": list(services),
    }


def initial_milestones(total: Decimal) -> list[dict[str, Any]]:
    """One milestone for the whole value on signing, to be split as agreed."""
    return [{"name": _("On signing"), "amount": total}] if total else []


def contract_initial(contract: Contract) -> dict[str, Any]:
    """A draft's terms as they stand, for editing."""
    return {
        "quotes": list(contract.quotes.all()),
        "title": contract.title,
        "start_on": contract.start_on,
        "end_on": contract.end_on,
        "value": contract.value,
        "services": list(contract.services.all()),
        "notes": contract.notes,
    }


def milestone_initial(contract: Contract) -> list[dict[str, Any]]:
    """A draft's milestones as they stand."""
    return [
        {"name": m.name, "due_on": m.due_on, "amount": m.amount, "condition": m.condition}
        for m in contract.milestones.all()
    ]


class SignForm(forms.Form):
    """The date the contract was signed."""

    signed_on = forms.DateField(label=_("Signing date"), widget=DateInput())
    confirm = forms.BooleanField(
        label=_("I understand: signing moves the client to contracted and creates the project."),
        error_messages={"required": _("Tick the box to confirm the signing.")},
    )


class CancelForm(forms.Form):
    """Why a draft contract is cancelled."""

    reason = forms.CharField(label=_("Reason for cancelling"), max_length=100)
