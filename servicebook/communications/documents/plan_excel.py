"""The project plan as an Excel workbook (SPEC §13), in the language asked for."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from servicebook.projects.models import Plan
from servicebook.projects.selectors import plan_phases

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN_COLUMNS: tuple[tuple[Promise, int], ...] = (
    (_("Phase"), 22),
    (_("No."), 6),
    (_("Key"), 14),
    (_("Work"), 36),
    (_("Kind"), 14),
    (_("Owner"), 12),
    (_("Working days"), 10),
    (_("Start"), 12),
    (_("Due"), 12),
    (pgettext_lazy("plan", "Milestone"), 10),
    (_("After"), 18),
    (_("Done on"), 12),
)


def plan_workbook(plan: Plan, language: str) -> bytes:
    """The plan as an .xlsx workbook in ``language``: the project's lines, then one row per
    plan line by phase, dates as dates (two queries: the phases' tasks and dependencies)."""
    with translation.override(language):
        project = plan.project
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None  # a new workbook has its sheet
        sheet.title = gettext("Project plan")[:31]
        sheet.append([f"{gettext('Project plan')} {project.code} {project.name}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([gettext("Client"), project.client.legal_name])
        sheet.append([gettext("Status"), plan.status_label, gettext("Start"), plan.start_on])
        sheet.append([])
        sheet.append([str(label) for label, _width in PLAN_COLUMNS])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for index, (_label, width) in enumerate(PLAN_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for phase in plan_phases(project, plan):
            for number, task in enumerate(phase.tasks, start=1):
                sheet.append(_plan_row(phase.label, number, task))
        for row in sheet.iter_rows(min_row=header_row + 1):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = f"A{header_row + 1}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _plan_row(phase: str, number: int, task: Any) -> list[Any]:
    return [
        phase,
        number,
        task.key,
        task.name,
        task.kind_label,
        task.owner.display_name if task.owner else "",
        task.days,
        task.start_on,
        task.due_on,
        gettext("Yes") if task.is_milestone else "",
        ", ".join(dependency.key for dependency in task.depends_on.all()),
        task.done_on,
    ]
