"""Forms of work orders; they read input, the services check the rules and make the change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.choices import DepartmentCode
from servicebook.accounts.models import Department, User
from servicebook.delivery.models import RoundOutcome
from servicebook.delivery.selectors import work_orders as selectors
from servicebook.projects.models import PlanTask, Project
from servicebook.projects.selectors import active_staff

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Shown beside file inputs; the service enforces the same rules.
FILE_HELP = _("Up to 20 MB each. Programs and web pages (.exe, .bat, .js, .html …) are refused.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the service checks each (size, type, not empty)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class TaskChoiceField(forms.ModelChoiceField):
    """A plan task as ``D1-2 设计初稿``."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.key} {obj.name}"


class WorkOrderIssueForm(forms.Form):
    """Hand work to a person or a department: brief, receiver, working days, start."""

    title = forms.CharField(label=_("Title"), max_length=200)
    brief = forms.CharField(
        label=_("Brief"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is needed, for what purpose, the client's wishes and the references."),
    )
    department = forms.ModelChoiceField(
        label=_("Receiving department"), queryset=Department.objects.none(), empty_label=None
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to let the department's manager name someone."),
    )
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=365, initial=5)
    start_on = forms.DateField(
        label=_("Start"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Empty: the next working day. A non-working day moves to the next one."),
    )
    task = TaskChoiceField(label=_("Plan task"), queryset=PlanTask.objects.none(), required=False)
    attachments = MultipleFileField(label=_("Attachments"), help_text=FILE_HELP)

    def __init__(
        self, *args: Any, project: Project, departments: list[Department], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        department_field: Any = self.fields["department"]
        department_field.queryset = Department.objects.all()
        department_field.choices = [(d.pk, d.name) for d in departments]
        creative = next((d for d in departments if d.code == DepartmentCode.CREATIVE), None)
        if creative is not None:
            department_field.initial = creative.pk
        assignee_field: Any = self.fields["assignee"]
        assignee_field.queryset = active_staff()
        assignee_field.choices = [("", _("Nobody yet")), *_staff_by_department(active_staff())]
        self.fields["task"].queryset = selectors.plan_tasks(project)  # type: ignore[attr-defined]


def _staff_by_department(staff: Iterable[User]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active staff grouped by department (``<optgroup>``), for picking an assignee."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for person in staff:
        department = person.department.name if person.department else str(_("No department"))
        groups.setdefault(department, []).append((person.pk, person.display_name))
    return list(groups.items())


class WorkOrderAcceptForm(forms.Form):
    """Accept: the receiving manager names who does the work (from their department)."""

    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, department_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if department_id is not None:
            field: Any = self.fields["assignee"]
            field.queryset = selectors.department_staff(department_id)
            field.label_from_instance = lambda user: user.display_name


class WorkOrderSubmitForm(forms.Form):
    """Hand in a round: what is submitted and the files."""

    note = forms.CharField(
        label=_("What is submitted"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    attachments = MultipleFileField(label=_("Files"), help_text=FILE_HELP)


class WorkOrderFeedbackForm(forms.Form):
    """The client's word on the latest round."""

    outcome = forms.ChoiceField(
        label=_("The client"),
        choices=[
            (RoundOutcome.APPROVED, _("Approved it")),
            (RoundOutcome.REVISE, _("Asked for a revision")),
        ],
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("Client feedback"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for a revision: what the client wants changed."),
    )


class WorkOrderCloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False)


class WorkOrderCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class WorkOrderAttachForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=True, help_text=FILE_HELP)


class DuePreviewForm(forms.Form):
    """The issue form's start and working days, for the due-date preview."""

    start_on = forms.DateField(required=False)
    days = forms.IntegerField(min_value=1, max_value=365)
