"""The "send by email" form: recipients, the document's language, subject and message.

It parses input into ``document_send``'s arguments; the addresses are checked by the
service (``outbox.clean_recipients``), which names the wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from servicebook.clients.models import Contact
from servicebook.communications.services.outbox import SUBJECT_MAX, clean_recipients
from servicebook.core.errors import DomainError

SEPARATORS = re.compile(r"[\s,;，；、]+")


def split_addresses(text: str) -> list[str]:
    """Addresses typed in one box, separated by commas, semicolons, spaces or lines."""
    return [part for part in SEPARATORS.split(text or "") if part]


class SendForm(forms.Form):
    """Who gets the email (the client's contacts and other addresses) and what it says."""

    contacts = forms.MultipleChoiceField(
        label=_("The client's contacts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipients = forms.CharField(
        label=_("Other addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "email"}),
        help_text=_("Separate several addresses with commas or new lines."),
    )
    language = forms.ChoiceField(
        label=_("Document language"),
        choices=settings.LANGUAGES,
        help_text=_("The attached form is printed in this language."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 9}))

    def __init__(self, *args: Any, contacts: Sequence[Contact] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contact_emails = {str(c.pk): c.email for c in contacts}
        field: forms.MultipleChoiceField = self.fields["contacts"]  # type: ignore[assignment]
        field.choices = [(str(c.pk), _contact_label(c)) for c in contacts]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = split_addresses(data.get("recipients", ""))
        if not data.get("contacts") and not typed and "recipients" not in self.errors:
            self.add_error("recipients", _("Tick one of the client's contacts or type an address."))
        elif typed:
            try:  # the service checks again; checking here shows every mistake at once
                clean_recipients(typed)
            except DomainError as error:
                self.add_error("recipients", str(error.message))
        return data

    def addresses(self) -> list[str]:
        """Every chosen address: the ticked contacts', then the typed ones."""
        data = self.cleaned_data
        chosen = [self.contact_emails[pk] for pk in data.get("contacts", [])]
        return chosen + split_addresses(data.get("recipients", ""))


def _contact_label(contact: Contact) -> str:
    title = f" · {contact.title}" if contact.title else ""
    return f"{contact.name}{title} <{contact.email}>"
