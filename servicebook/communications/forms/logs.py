"""Forms of the service-log pages; they read input, the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.communications.models import ContactChannel, LogKind, ServiceLog
from servicebook.communications.services.logs import (
    ACKNOWLEDGED_BY_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    SEND_CHANNELS,
    sections_of,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOTE_HELP = _("Optional, e.g. the fax number or who received it.")

# What each section is for, shown under its box on the edit form.
SECTION_HELP = {
    "work_done": _("Plan tasks completed, work orders handed in, approved or closed, visits."),
    "communications": _("Calls, visits, messages and letters with the client."),
    "client_requests": _("What the client asked for, what is still open, and open issues."),
    "awaiting_confirmation": _("Work and letters waiting for the client's answer."),
    "progress": _("Planned against done this month, and the slip against the signed plan."),
    "deliverables": _("Deliverables and milestones completed this month."),
    "client_feedback": _("What the client said about the work and in answer to letters."),
    "problems": _("Overdue tasks and work, unanswered letters, anything at risk."),
    "next_plan": _("What the plan has for the next period."),
}


def _rows(text: str) -> int:
    """A text box tall enough for the drafted lines (4 to 20)."""
    return max(4, min(20, text.count("\n") + 2))


def section_label(kind: str, name: str) -> str:
    """A section's heading: the model field's name, or the next week's / month's plan."""
    if name == "next_plan":
        return str(_("Next week's plan") if kind == LogKind.WEEKLY else _("Next month's plan"))
    field = ServiceLog._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker (``2026-11-27T14:30``), in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class LogDraftForm(forms.Form):
    """Which log to draft: weekly or monthly, and a day of its week or month."""

    kind = forms.ChoiceField(label=_("Which log"), choices=LogKind.choices)
    period_start = forms.DateField(
        label=_("A day of the week or month"),
        widget=DATE_INPUT,
        help_text=_("Any day of the week (Monday to Sunday) or month the log reports on."),
    )


class LogSectionsForm(forms.Form):
    """The sections of one log as text boxes, those of its kind only, in reading order."""

    def __init__(self, *args: Any, log: ServiceLog, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(log, name) for name in sections_of(log.kind)})
        super().__init__(*args, **kwargs)
        for name in sections_of(log.kind):
            self.fields[name] = forms.CharField(
                label=section_label(log.kind, name),
                required=False,
                max_length=SECTION_MAX_LENGTH,
                strip=True,
                widget=forms.Textarea(attrs={"rows": _rows(getattr(log, name))}),
                help_text=SECTION_HELP[name],
            )


class LogSentForm(forms.Form):
    """The sending: when, how, and a note."""

    sent_at = forms.DateTimeField(
        label=_("Sent at"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Empty: now."),
    )
    via = forms.ChoiceField(
        label=_("Sent by way of"),
        choices=[(c.value, c.label) for c in SEND_CHANNELS],
        initial=ContactChannel.EMAIL,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, help_text=NOTE_HELP
    )


class LogAcknowledgeForm(forms.Form):
    """The client's acknowledgement: who confirmed receipt, and when."""

    acknowledged_by = forms.CharField(
        label=_("Confirmed by (client)"),
        max_length=ACKNOWLEDGED_BY_MAX_LENGTH,
        help_text=_("The client's contact who confirmed receipt, e.g. 王经理."),
    )
    acknowledged_at = forms.DateTimeField(
        label=_("Confirmed at"), widget=DateTimeInput(), required=False, help_text=_("Empty: now.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH)
