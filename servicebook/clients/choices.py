"""Fixed vocabularies of the client file (SPEC §2, §3), each with its badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientType(models.TextChoices):
    """Client size/kind; decides the department (group and key → Key Account Center)."""

    GROUP = "group", _("Group client")
    KEY = "key", _("Key client")
    MID = "mid", _("Mid-size client")
    SMALL = "small", _("Small client")


class ProductCategory(models.TextChoices):
    """What the client's property is."""

    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    OFFICE = "office", _("Office")
    MIXED_USE = "mixed_use", _("Mixed-use")
    TOURISM = "tourism", _("Tourism")
    INDUSTRIAL = "industrial", _("Industrial park")
    OTHER = "other", _("Other")


class PropertyStage(models.TextChoices):
    """How far the property project has come."""

    LAND_ACQUIRED = "land_acquired", _("Land acquired")
    DESIGN = "design", _("Design")
    CONSTRUCTION = "construction", _("Construction")
    PRE_SALE = "pre_sale", _("Pre-sale")
    ON_SALE = "on_sale", _("On sale")
    COMPLETED = "completed", _("Completed")


class Intent(models.TextChoices):
    """How strong the client's intent to buy our services is."""

    STRONG = "strong", _("Strong")
    MEDIUM = "medium", _("Medium")
    WEAK = "weak", _("Weak")


INTENT_COLOURS = {"strong": "green", "medium": "amber", "weak": "grey"}


class ClientStatus(models.TextChoices):
    """Where the client is on the journey of the handbook's flowchart (SPEC §2)."""

    DISCOVERED = "discovered", _("Discovered")
    BROCHURE_SENT = "brochure_sent", _("Brochure sent")
    REGISTERED = "registered", _("Registered")
    RESEARCHING = "researching", _("Researching")
    ASSIGNED = "assigned", _("Assigned")
    FOLLOWING_UP = "following_up", _("Following up")
    PROPOSAL = "proposal", _("Proposal")
    ABANDONED = "abandoned", _("Abandoned")
    REPORTED = "reported", _("Reported to manager")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONTRACTED = "contracted", _("Contracted")


# Where a client can be when first put on file; later stages are reached by moves (§2).
OPENING_STAGES = frozenset(
    {
        ClientStatus.DISCOVERED,
        ClientStatus.BROCHURE_SENT,
        ClientStatus.REGISTERED,
        ClientStatus.RESEARCHING,
    }
)

STATUS_COLOURS = {
    "discovered": "grey",
    "brochure_sent": "grey",
    "registered": "blue",
    "researching": "blue",
    "assigned": "teal",
    "following_up": "teal",
    "proposal": "purple",
    "abandoned": "red",
    "reported": "amber",
    "negotiating": "orange",
    "contracted": "green",
}


class DuplicateReason(models.TextChoices):
    """Why two client files look like the same client."""

    NAME = "name", _("Same company name")
    PHONE = "phone", _("Same phone number")
