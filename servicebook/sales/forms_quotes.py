"""Forms of the quote pages and the negotiation log: they parse input into service inputs.

No rule lives here beyond the shape of the input: the services decide (and their
DomainErrors are shown beside the field that caused them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.catalog.models import Deliverable, ServiceLine
from servicebook.sales.choices import NegotiationOutcome, QuoteLineKind
from servicebook.sales.models import Quote, QuoteLine
from servicebook.sales.services.quote_lines import QuoteInput, QuoteLineInput

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal(0)}


class DateInput(forms.DateInput):
    """A browser date picker; its value is always ISO (2026-11-27)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


@dataclass
class Catalog:
    """The services and deliverables a line may name, loaded once for the whole formset."""

    services: dict[int, ServiceLine]
    deliverables: dict[int, Deliverable]

    @classmethod
    def of(cls, services: list[ServiceLine], deliverables: list[Deliverable]) -> Catalog:
        return cls({s.pk: s for s in services}, {d.pk: d for d in deliverables})

    def service_choices(self) -> list[tuple[str, str]]:
        return [("", "—")] + [(str(pk), s.name) for pk, s in self.services.items()]

    def deliverable_choices(self) -> list[Any]:
        groups: dict[int, list[tuple[str, str]]] = {}
        for pk, d in self.deliverables.items():
            groups.setdefault(d.service_line_id, []).append((str(pk), d.name))
        return [("", "—")] + [
            (self.services[sid].name, options)
            for sid, options in groups.items()
            if sid in self.services
        ]


class QuoteForm(forms.Form):
    """The header of a quote."""

    title = forms.CharField(label=_("Quote title"), max_length=200)
    phase = forms.CharField(
        label=_("Phase"),
        max_length=100,
        required=False,
        help_text=_("Quote step by step: one phase per quote is fine."),
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)
    discount = forms.DecimalField(label=_("Discount (yuan)"), initial=Decimal(0), **MONEY)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_of(cls, quote: Quote) -> dict[str, Any]:
        return {
            f: getattr(quote, f) for f in ("title", "phase", "valid_until", "discount", "notes")
        }

    def to_input(self) -> QuoteInput:
        data = self.cleaned_data
        return QuoteInput(
            title=data["title"],
            phase=data["phase"],
            discount=data["discount"] or Decimal(0),
            valid_until=data["valid_until"],
            notes=data["notes"],
        )


class QuoteLineForm(forms.Form):
    """One priced line: a catalog service (or one of its deliverables) or anything else."""

    service_line = forms.TypedChoiceField(
        label=_("Service"), required=False, coerce=int, empty_value=None
    )
    deliverable = forms.TypedChoiceField(
        label=_("Deliverable"), required=False, coerce=int, empty_value=None
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.DecimalField(
        label=_("Qty"), max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    unit_price = forms.DecimalField(label=_("Unit price"), required=False, **MONEY)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args: Any, catalog: Catalog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        self.fields["service_line"].choices = catalog.service_choices()  # type: ignore[attr-defined]
        self.fields["deliverable"].choices = catalog.deliverable_choices()  # type: ignore[attr-defined]
        for name in ("quantity", "unit_price"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        keys = ("service_line", "deliverable", "description", "unit_price")
        return not any(data.get(k) not in (None, "") for k in keys)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank():
            if data.get("quantity") is None:
                self.add_error("quantity", _("Give a quantity."))
            if data.get("unit_price") is None:
                self.add_error("unit_price", _("Give a unit price."))
        return data

    def to_input(self) -> QuoteLineInput | None:
        """The line for the service, or None for a row left blank or marked for removal."""
        data = self.cleaned_data
        if self.is_blank() or data.get("DELETE"):
            return None
        service = self.catalog.services.get(data["service_line"] or 0)
        deliverable = self.catalog.deliverables.get(data["deliverable"] or 0)
        kind = QuoteLineKind.SERVICE if (service or deliverable) else QuoteLineKind.OTHER
        return QuoteLineInput(
            kind=kind,
            description=data["description"],
            quantity=data["quantity"],
            unit=data["unit"],
            unit_price=data["unit_price"],
            service_line=service,
            deliverable=deliverable,
            notes=data["notes"],
        )

    @staticmethod
    def initial_of(line: QuoteLine) -> dict[str, Any]:
        fields = ("service_line_id", "deliverable_id", "description", "quantity", "unit")
        initial = {f.removesuffix("_id"): getattr(line, f) for f in fields}
        return {**initial, "unit_price": line.unit_price, "notes": line.notes}


QuoteLineFormSet = forms.formset_factory(QuoteLineForm, extra=3, can_delete=True)


class ExecutionFeeForm(forms.Form):
    """The event-execution fee: the event's total cost × the agency's rate (handbook: 15%)."""

    event_cost = forms.DecimalField(
        label=_("Event total cost (yuan)"),
        required=False,
        help_text=_("Leave blank when the agency does not run the client's event."),
        **MONEY,
    )
    fee_description = forms.CharField(label=_("Event"), max_length=300, required=False)

    @staticmethod
    def initial_of(line: QuoteLine | None) -> dict[str, Any]:
        if line is None:
            return {}
        return {"event_cost": line.event_cost, "fee_description": line.description}

    def to_input(self) -> QuoteLineInput | None:
        cost = self.cleaned_data.get("event_cost")
        if cost is None:
            return None
        return QuoteLineInput.execution_fee(cost, self.cleaned_data["fee_description"])


class DecisionForm(forms.Form):
    """A manager's comment on approving or rejecting (a rejection must say why)."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    """An optional note on a move (sent, accepted, declined …)."""

    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class NegotiationRoundForm(forms.Form):
    """One negotiation round as reported to the manager."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=NegotiationOutcome.choices)
    quote = forms.TypedChoiceField(
        label=_("Quote discussed"), required=False, coerce=int, empty_value=None
    )
    summary = forms.CharField(
        label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    next_step = forms.CharField(
        label=_("Next step"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, quotes: list[Quote], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.quotes = {q.pk: q for q in quotes}
        choices = [("", "—")] + [(str(q.pk), f"{q.number} {q.title}") for q in quotes]
        self.fields["quote"].choices = choices  # type: ignore[attr-defined]

    def chosen_quote(self) -> Quote | None:
        return self.quotes.get(self.cleaned_data.get("quote") or 0)
