"""Forms of the weekly plan: the lead's weekly note, and marking a task done."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.projects.services.schedule import WEEKLY_NOTE_MAX_LENGTH


class WeeklyNoteForm(forms.Form):
    """The project lead's note on one week; saving it empty deletes it."""

    week_start = forms.DateField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Weekly plan note"),
        required=False,
        max_length=WEEKLY_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "This week's focus, who does what, what waits for the client. "
            "Leave it empty to delete the note."
        ),
    )


class TaskDoneForm(forms.Form):
    """The day a task was done; today when left empty."""

    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_done_on(self) -> date:
        value: date | None = self.cleaned_data.get("done_on")
        return value or timezone.localdate()
