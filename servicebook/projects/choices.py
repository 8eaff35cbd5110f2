"""Project states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    """A project runs from the signed contract until it is closed."""

    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


PROJECT_STATUS_COLOURS = {"active": "green", "closed": "grey"}


class ProjectRole(models.TextChoices):
    """A post on a project team (SPEC §1); separate from a person's job role."""

    AE = "ae", _("Account executive")
    AP = "ap", _("Account planner")
    PLANNER = "planner", _("Planner")
    RESEARCHER = "researcher", _("Market researcher")
    CD = "cd", _("Creative director")
    DESIGNER = "designer", _("Designer")
    COPYWRITER = "copywriter", _("Copywriter")
    SALES_ASSISTANT = "sales_assistant", _("Marketing assistant")
    BRAND_DIRECTOR = "brand_director", _("Brand director")
    COMMERCIAL_RESEARCH = "commercial_research", _("Commercial research")
    LEASING = "leasing", _("Leasing specialist")
    SUPERVISOR = "supervisor", _("Supervisor")


# How many primaries the standard staffing of one project has per role (catalog
# ``project_roles``); roles not listed have one.
PRIMARY_COUNTS: dict[str, int] = {ProjectRole.PLANNER: 2, ProjectRole.RESEARCHER: 2}


def primary_count(role: str) -> int:
    """The standard number of primaries for ``role`` (the most a team may have)."""
    return PRIMARY_COUNTS.get(role, 1)


class PlanStatus(models.TextChoices):
    """A project plan (项目计划书) is drafted, approved, signed by the client, then locked."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the department manager")
    SIGNED = "signed", _("Signed by the client")
    LOCKED = "locked", _("Locked")


PLAN_STATUS_COLOURS = {"draft": "grey", "approved": "blue", "signed": "teal", "locked": "green"}


class PlanTaskKind(models.TextChoices):
    """What a line of the plan is: work, a planned client communication or a supervision visit."""

    TASK = "task", _("Task")
    CLIENT_COMMUNICATION = "client_communication", _("Client communication")
    SUPERVISION_VISIT = "supervision_visit", _("Supervision visit")
