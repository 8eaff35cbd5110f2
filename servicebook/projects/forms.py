"""Forms of the project team; they check input, services make the change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from servicebook.accounts.models import User
from servicebook.projects.choices import ProjectRole
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
