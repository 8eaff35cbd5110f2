"""Changing the agency's settings (letterhead and configurable rules)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from servicebook.core.errors import DomainError
from servicebook.core.models import AgencySettings

EDITABLE = {field.name for field in AgencySettings._meta.fields} - {"id"}


@transaction.atomic
def agency_settings_update(**fields: Any) -> AgencySettings:
    """Set some of the agency's settings (admin does the same through its form)."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise DomainError(f"Unknown agency settings: {', '.join(sorted(unknown))}")
    settings = AgencySettings.current()
    settings = AgencySettings.objects.select_for_update().get(pk=settings.pk)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save(update_fields=list(fields))
    return settings
