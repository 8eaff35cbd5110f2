"""The fax sheet form: it parses input into a ``FaxInput``; the rules live in
``services.fax``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.clients.models import Contact
from servicebook.communications.models import FaxSheet, Urgency
from servicebook.communications.services.fax import MAX_PAGES, FaxInput
from servicebook.core.phones import format_phone


class FaxSheetForm(forms.Form):
    """To whom, from whom, the date and pages, the subject, the urgency boxes, the message."""

    to_company = forms.CharField(label=_("To"), max_length=200)
    attention = forms.CharField(label=_("Attention"), max_length=50, required=False)
    to_fax = forms.CharField(label=_("Their fax no."), max_length=30, required=False)
    to_phone = forms.CharField(label=_("Their phone"), max_length=30, required=False)
    from_name = forms.CharField(label=_("From"), max_length=50, required=False)
    from_fax = forms.CharField(
        label=_("Our fax no."),
        max_length=30,
        required=False,
        help_text=_("Left blank: the agency's fax number."),
    )
    from_phone = forms.CharField(label=_("Our phone"), max_length=30, required=False)
    sent_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    pages = forms.IntegerField(
        label=_("Pages (including this one)"), min_value=1, max_value=MAX_PAGES, initial=1
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    urgency = forms.MultipleChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))

    def to_input(self) -> FaxInput:
        """The cleaned data as the services take it."""
        data = self.cleaned_data
        return FaxInput(
            to_company=data["to_company"],
            subject=data["subject"],
            body=data["body"],
            attention=data["attention"],
            to_fax=data["to_fax"],
            to_phone=data["to_phone"],
            from_name=data["from_name"],
            from_fax=data["from_fax"],
            from_phone=data["from_phone"],
            sent_on=data["sent_on"],
            pages=data["pages"],
            urgency=data["urgency"],
        )

    @staticmethod
    def initial_of(fax: FaxSheet) -> dict[str, Any]:
        """A saved sheet as the form's starting values (numbers shown grouped)."""
        return {
            "to_company": fax.to_company,
            "attention": fax.attention,
            "to_fax": format_phone(fax.to_fax),
            "to_phone": format_phone(fax.to_phone),
            "from_name": fax.from_name,
            "from_fax": format_phone(fax.from_fax),
            "from_phone": format_phone(fax.from_phone),
            "sent_on": fax.sent_on.isoformat(),
            "pages": fax.pages,
            "subject": fax.subject,
            "urgency": list(fax.urgency or []),
            "body": fax.body,
        }

    @staticmethod
    def initial_for(
        defaults: dict[str, str], legal_name: str = "", contact: Contact | None = None
    ) -> dict[str, Any]:
        """A new sheet's starting values: the sender's defaults and, for a project, the
        client and its primary contact."""
        initial: dict[str, Any] = {
            key: format_phone(value) if key != "from_name" else value
            for key, value in defaults.items()
        }
        initial["pages"] = 1
        if legal_name:
            initial["to_company"] = legal_name
        if contact is not None:
            initial["attention"] = contact.name
            initial["to_fax"] = format_phone(contact.fax)
            initial["to_phone"] = format_phone(contact.phone or contact.mobile)
        return initial
