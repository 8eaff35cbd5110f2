"""Job roles (SPEC §1) and department codes: fixed by the handbook, so code not rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRole(models.TextChoices):
    """A person's job roles; a person may hold several."""

    GM = "gm", _("General manager")
    DEPT_MANAGER = "dept_manager", _("Department manager")
    AE = "ae", _("Account executive (AE)")
    AP = "ap", _("Account planner (AP)")
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


class DepartmentCode(models.TextChoices):
    """The four departments of the handbook (肆)."""

    CUSTOMER_SERVICE = "cs", _("Customer Service")
    MARKETING = "mkt", _("Marketing Business")
    KEY_ACCOUNTS = "ka", _("Key Account Center")
    CREATIVE = "creative", _("Creative")
