"""Forms of the daily contact log: logging a contact, replying to a client request.

They parse input into the services' arguments; the rules live in ``services.contacts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.clients.models import Contact
from servicebook.communications.models import ContactChannel


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; its value is ISO (2026-11-27T09:30)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ContactPicker(forms.TypedChoiceField):
    """One of the client's contacts, or nobody chosen (the name is typed instead)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, empty_value=None, required=False, **kwargs)

    def set_contacts(self, contacts: Sequence[Contact], empty_label: Any) -> None:
        self.contacts = {contact.pk: contact for contact in contacts}
        self.choices = [("", empty_label), *((c.pk, contact_label(c)) for c in contacts)]


def require_person(form: forms.Form, data: dict[str, Any], picker: str, typed: str) -> None:
    """Someone at the client: a contact chosen in ``picker`` or a name typed in ``typed``."""
    named = data.get(picker) or (data.get(typed) or "").strip()
    if not named and typed not in form.errors:
        form.add_error(typed, _("Choose the client contact or type the person's name."))


def contact_label(contact: Contact) -> str:
    """A contact in a picker: name, title, primary mark."""
    parts = [contact.name]
    if contact.title:
        parts.append(contact.title)
    label = " · ".join(parts)
    return f"{label} ★" if contact.is_primary else label


class ContactLogForm(forms.Form):
    """One contact with the client: when, how, with whom, what was said, what follows."""

    occurred_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.PHONE
    )
    contact = ContactPicker(label=_("Client contact"))
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=50,
        required=False,
        help_text=_("Only when the person is not among the client's contacts."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requests = forms.CharField(
        label=_("Client requests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One request per line; each is timed until it gets its first reply."),
    )

    def __init__(self, *args: Any, contacts: Sequence[Contact] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picker: ContactPicker = self.fields["contact"]  # type: ignore[assignment]
        picker.set_contacts(contacts, _("— Someone else (type the name) —"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        require_person(self, data, "contact", "contact_name")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as ``contact_log_record`` takes it."""
        data = self.cleaned_data
        picker: ContactPicker = self.fields["contact"]  # type: ignore[assignment]
        return {
            "occurred_at": data["occurred_at"],
            "channel": data["channel"],
            "contact": picker.contacts.get(data["contact"]) if data.get("contact") else None,
            "contact_name": data.get("contact_name") or "",
            "summary": data["summary"],
            "follow_ups": data.get("follow_ups") or "",
            "requests": (data.get("requests") or "").splitlines(),
        }


class RequestReplyForm(forms.Form):
    """The first reply to a client request: what was answered, and when (default now)."""

    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}))
    replied_at = forms.DateTimeField(
        label=_("Replied at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave blank for now."),
    )
