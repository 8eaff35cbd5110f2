"""Contract states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    """A contract is drafted from accepted quotes, then signed (or cancelled unsigned)."""

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    CANCELLED = "cancelled", _("Cancelled")


CONTRACT_STATUS_COLOURS = {"draft": "grey", "signed": "green", "cancelled": "red"}
