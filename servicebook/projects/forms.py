"""Forms of the project team and plan; they check input, services make the change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from servicebook.accounts.models import User
from servicebook.projects import selectors
from servicebook.projects.choices import ProjectRole
from servicebook.projects.models import ChangeDecision, Project
from servicebook.projects.selectors import active_staff


class StaffChoiceField(forms.ModelChoiceField):
    """Active staff labelled with their department: ``张伟 · 营销事业部``."""

    def label_from_instance(self, obj: Any) -> str:
        department = obj.department.name if obj.department_id else _("No department")
        return f"{obj.display_name} · {department}"


class TeamMemberForm(forms.Form):
    """Put a person on a project role, as the primary or the backup."""

    user = StaffChoiceField(label=_("Staff member"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Project role"), choices=ProjectRole.choices)
    is_backup = forms.TypedChoiceField(
        label=_("Post"),
        choices=[
            ("0", pgettext_lazy("team post", "Primary")),
            ("1", pgettext_lazy("team post", "Backup")),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = active_staff()  # type: ignore[attr-defined]


class ProjectLeadForm(forms.Form):
    """Choose the project lead (项目负责人) among active staff."""

    user = StaffChoiceField(label=_("Project lead"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = active_staff()  # type: ignore[attr-defined]


class PlanGenerateForm(forms.Form):
    """The date the draft plan starts from (the next working day by default)."""

    start_on = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PlanTaskForm(forms.Form):
    """A draft task's owner (the team and the lead), start and working days."""

    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    start_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=365)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.plan_owner_choices(project)  # type: ignore[attr-defined]


class PlanSignForm(forms.Form):
    """The client's signature, recorded on its behalf."""

    signer_name = forms.CharField(label=_("Signed by (client)"), max_length=100)
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChangeRequestForm(forms.Form):
    """Move one or more tasks of a locked plan to a new start and duration."""

    tasks = forms.MultipleChoiceField(label=_("Tasks"))
    new_start_on = forms.DateField(
        label=_("New start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    impact = forms.CharField(label=_("Impact"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, tasks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.task_rows = {str(t.pk): t for t in tasks}
        self.fields["tasks"].choices = [  # type: ignore[attr-defined]
            (str(t.pk), f"{t.key} {t.name}") for t in tasks
        ]


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ChangeDecision.choices)
    comment = forms.CharField(label=_("Comment"), required=False)
