"""The client's property project (楼盘) that our services are for."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicebook.clients.choices import PropertyStage
from servicebook.core.choices import check_in_choices_or_blank


class PropertyProject(models.Model):
    """A property development of the client: where it is, how big, how far along."""

    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        related_name="properties",
    )
    name = models.CharField(_("project name"), max_length=100)
    city = models.CharField(_("city"), max_length=50, blank=True)
    district = models.CharField(_("district"), max_length=50, blank=True)
    site_area = models.DecimalField(
        _("site area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField(_("stage"), max_length=20, choices=PropertyStage.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("property project")
        verbose_name_plural = _("property projects")
        ordering = ["id"]
        constraints = [
            check_in_choices_or_blank("stage", PropertyStage, "property_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(site_area__gte=0) | models.Q(site_area__isnull=True),
                name="property_site_area_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(floor_area__gte=0) | models.Q(floor_area__isnull=True),
                name="property_floor_area_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name
