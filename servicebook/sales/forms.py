"""Forms of the client journey's actions; they check input, services make the change."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.choices import ClientStatus
from servicebook.sales.choices import FollowUpKind
from servicebook.sales.models import AbandonReason

# The stages a plain "move" button leads to (assigning, abandoning, reopening and
# contracting have their own forms or happen elsewhere).
BUTTON_TARGETS = [
    ClientStatus.BROCHURE_SENT,
    ClientStatus.REGISTERED,
    ClientStatus.RESEARCHING,
    ClientStatus.FOLLOWING_UP,
    ClientStatus.PROPOSAL,
    ClientStatus.REPORTED,
    ClientStatus.NEGOTIATING,
]
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _person_label(user: User) -> str:
    return user.display_name


class NoteForm(forms.Form):
    """An optional note on a move, a reopening or a check-in."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class MoveForm(NoteForm):
    """Move the client to the next (or back to an earlier) stage."""

    to = forms.ChoiceField(label=_("Stage"), choices=[(s.value, s.label) for s in BUTTON_TARGETS])


class AssignForm(NoteForm):
    """Give the client an owner (managers only; the service checks)."""

    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.filter(is_active=True), empty_label=None
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owner"].label_from_instance = _person_label  # type: ignore[attr-defined]


class AbandonForm(NoteForm):
    """Give the client up: a reason is required."""

    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=AbandonReason.objects.filter(is_active=True),
        error_messages={"required": _("Choose why the client is abandoned.")},
    )


class FollowUpForm(forms.Form):
    """A call, visit, fax … with what happened and when to follow up next."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(v, label) for v, label in FollowUpKind.choices if v != FollowUpKind.CHECK_IN],
    )
    summary = forms.CharField(label=_("What happened"), max_length=4000)
    happened_at = forms.DateTimeField(
        label=_("When"), required=False, input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"]
    )
    next_follow_up_on = forms.DateField(label=_("Next follow-up"), required=False)
