"""Forms of the creative meeting pages: they parse input, the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.projects.selectors import active_staff

TEXTAREA = {"rows": 3}


class StaffCheckboxes(forms.ModelMultipleChoiceField):
    """People as ticks, labelled with their department: ``张伟 · 创作部``."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        department = obj.department.name if obj.department_id else _("No department")
        return f"{obj.display_name} · {department}"


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker (``2026-11-27T14:30``), in local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetingRequestForm(forms.Form):
    """The project lead asks for a creative meeting: the topic and what it should settle."""

    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        help_text=_("The new proposal the meeting prepares, e.g. “Opening campaign idea”."),
    )
    purpose = forms.CharField(
        label=_("What the meeting should settle"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class MeetingScheduleForm(forms.Form):
    """The department manager calls the meeting: when, where and who comes."""

    scheduled_for = forms.DateTimeField(label=_("Time"), widget=DateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=200)
    attendees = StaffCheckboxes(
        label=_("Attendees"),
        queryset=User.objects.none(),
        help_text=_("At least two people. Everyone ticked is told of the time and place."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = active_staff()  # type: ignore[attr-defined]


class MeetingMinutesForm(forms.Form):
    """The minutes: who came, the ideas put forward and the decision reached."""

    attendees = StaffCheckboxes(
        label=_("Who came"), queryset=User.objects.none(), help_text=_("At least two people.")
    )
    ideas = forms.CharField(
        label=_("Ideas"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, invited: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active staff, and whoever was invited even if they have since left.
        people = (
            User.objects.filter(Q(is_active=True) | Q(pk__in=list(invited)))
            .select_related("department")
            .order_by("department_id", "full_name", "username")
        )
        self.fields["attendees"].queryset = people  # type: ignore[attr-defined]


class MeetingCancelForm(forms.Form):
    """Call the meeting off, saying why (the attendees read it)."""

    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )
