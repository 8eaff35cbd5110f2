"""The agency's own settings: letterhead and the rules the handbook leaves configurable."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencySettings(models.Model):
    """One row: the letterhead and the configurable rules (edited by the GM in admin)."""

    name_zh = models.CharField(_("agency name (Chinese)"), max_length=100, default="")
    name_en = models.CharField(_("agency name (English)"), max_length=100, default="")
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("website"), max_length=100, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="letterhead/",
        blank=True,
        help_text=_("Printed at the top left of every form; a PNG or JPEG about 3 cm wide."),
    )
    execution_fee_rate = models.DecimalField(
        _("event execution fee rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.15"),
        help_text=_("Share of an event's total cost charged for running it (handbook: 15%)."),
    )
    stale_follow_up_days = models.PositiveSmallIntegerField(
        _("follow-up goes stale after (working days)"), default=3
    )
    large_contract_threshold = models.DecimalField(
        _("large project threshold (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("500000.00"),
        help_text=_("Contracts above this value are reported to the general manager at once."),
    )
    fine_per_breach = models.DecimalField(
        _("fine per breach (yuan)"), max_digits=10, decimal_places=2, default=Decimal("100.00")
    )

    class Meta:
        verbose_name = _("agency settings")
        verbose_name_plural = _("agency settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(execution_fee_rate__gte=0, execution_fee_rate__lte=1),
                name="agencysettings_fee_rate_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(large_contract_threshold__gte=0),
                name="agencysettings_threshold_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh or self.name_en or str(_("Agency settings"))

    @classmethod
    def current(cls) -> AgencySettings:
        """The settings row (created with the handbook's defaults on first use)."""
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
