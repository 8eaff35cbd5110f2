"""Project states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    """A project runs from the signed contract until it is closed."""

    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


PROJECT_STATUS_COLOURS = {"active": "green", "closed": "grey"}
