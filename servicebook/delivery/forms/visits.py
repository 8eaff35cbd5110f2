"""Forms of the supervision visits log: the visit and a few follow-up rows.

They parse input into the service's arguments; the rules live in ``services.visits``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.delivery.models import CheckArea
from servicebook.delivery.selectors.visits import PlannedVisit
from servicebook.delivery.services.visits import FollowUpLine

# What a supervisor looks at under each area (handbook 陆, 工作内容及项目).
AREA_HINTS: dict[str, Any] = {
    CheckArea.TRAINING: _("Sales and promotion staff know the product, the strategy, selling."),
    CheckArea.PROMOTION: _("On-site promotions run as planned, with the agreed materials."),
    CheckArea.PACKAGING: _("Sales office, hoardings, show units and signs match the design."),
    CheckArea.SHOP_CHECK: _("The main sales points and agencies, checked and surveyed."),
    CheckArea.ADVERTISING: _("Ads and PR events carried out as planned; problems and fixes."),
    CheckArea.MARKET: _("How buyers, visitors and competitors react since the launch."),
    CheckArea.SALES: _("Visitors, calls, subscriptions and contracts against the target."),
}


class DateInput(forms.DateInput):
    """A browser date picker; its value is always ISO (2026-11-27)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class VisitForm(forms.Form):
    """One visit: which planned visit it logs, when, where, what was checked and found."""

    task = forms.TypedChoiceField(
        label=_("Planned visit"), required=False, coerce=int, empty_value=None
    )
    visited_on = forms.DateField(label=_("Visit date"), widget=DateInput())
    site = forms.CharField(
        label=_("Site"),
        max_length=200,
        help_text=_("The sales office, show flat or shop visited."),
    )
    checked = forms.MultipleChoiceField(
        label=_("Areas checked"), choices=CheckArea.choices, widget=forms.CheckboxSelectMultiple
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))
    advice = forms.CharField(
        label=_("Advice given"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strategy_change = forms.CharField(
        label=_("Strategy change suggested"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when market feedback calls for a change of strategy: the project lead is told."
        ),
    )

    def __init__(self, *args: Any, planned: Sequence[PlannedVisit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        open_ = [p.task for p in planned if p.visit is None]
        self.fields["task"].choices = [  # type: ignore[attr-defined]
            ("", _("— Not a planned visit —")),
            *((t.pk, f"{t.name} · {t.due_on.isoformat()}") for t in open_),
        ]

    @property
    def area_rows(self) -> list[tuple[Any, Any]]:
        """Each area's tick box with what to look at there."""
        return [(box, AREA_HINTS.get(box.data["value"], "")) for box in self["checked"]]


class FollowUpRowForm(forms.Form):
    """One follow-up row; a blank row is skipped, a half-filled one is an error.

    ``owners`` (the team and the lead) are loaded once for all rows of the formset.
    """

    text = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, owners: Sequence[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {person.pk: person for person in owners}
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((person.pk, person.display_name) for person in owners),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("text", "owner", "due_on")
        filled = [name for name in names if data.get(name)]
        if filled and len(filled) < len(names):
            message = _("Fill in what, who and by when, or leave the row blank.")
            for name in names:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    @property
    def line(self) -> FollowUpLine | None:
        """The row as the service takes it, or None for a blank row."""
        data = self.cleaned_data
        if not data.get("text"):
            return None
        due: date = data["due_on"]
        return (data["text"], self.owners[data["owner"]], due)


FollowUpFormSet = forms.formset_factory(FollowUpRowForm, extra=3, max_num=10)


def follow_up_lines(formset: Any) -> list[FollowUpLine]:
    """The filled rows of a valid follow-up formset."""
    return [line for form in formset.forms if (line := form.line) is not None]
