"""Forms of consultation letters: the draft, sending, the client's answer, withdrawing.

They parse input into the services' arguments; the rules live in ``services.letters``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.clients.models import Contact
from servicebook.communications.forms.contacts import (
    ContactPicker,
    DateTimeInput,
    require_person,
)
from servicebook.communications.services.letters import MAX_ANSWER_DAYS


class LetterForm(forms.Form):
    """A draft letter: to whom, the subject, the question, the working days to answer."""

    addressee = ContactPicker(label=_("To"))
    addressee_name = forms.CharField(
        label=_("To (name)"),
        max_length=50,
        required=False,
        help_text=_("Only when the person is not among the client's contacts."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Letter"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("State the question plainly and what answer you need from the client."),
    )
    answer_days = forms.IntegerField(
        label=_("Answer within (working days)"),
        min_value=1,
        max_value=MAX_ANSWER_DAYS,
        initial=3,
        help_text=_("Counted from the next working day after the letter is sent."),
    )

    def __init__(self, *args: Any, contacts: Sequence[Contact] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picker: ContactPicker = self.fields["addressee"]  # type: ignore[assignment]
        picker.set_contacts(contacts, _("— Someone else (type the name) —"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        require_person(self, data, "addressee", "addressee_name")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as ``letter_draft`` and ``letter_update`` take it."""
        data = self.cleaned_data
        picker: ContactPicker = self.fields["addressee"]  # type: ignore[assignment]
        chosen = data.get("addressee")
        return {
            "addressee": picker.contacts.get(chosen) if chosen else None,
            "addressee_name": data.get("addressee_name") or "",
            "subject": data["subject"],
            "body": data["body"],
            "answer_days": data["answer_days"],
        }


class LetterSendForm(forms.Form):
    """Record that the letter went out (by hand, fax or post): when, default now."""

    sent_at = forms.DateTimeField(
        label=_("Sent at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave blank for now."),
    )


class LetterAnswerForm(forms.Form):
    """The client's written answer and when it came (default now)."""

    answer = forms.CharField(
        label=_("The client's answer"), widget=forms.Textarea(attrs={"rows": 4})
    )
    answered_at = forms.DateTimeField(
        label=_("Answered at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave blank for now."),
    )


class LetterWithdrawForm(forms.Form):
    """Why a draft will not be sent (optional)."""

    note = forms.CharField(
        label=_("Why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
