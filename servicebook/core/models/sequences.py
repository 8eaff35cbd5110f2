"""Gap-free yearly numbering (client registration numbers, later quotes and letters)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """The last number issued for one series in one year, e.g. ("KH", 2026) → 42.

    Numbers are taken inside the business transaction that uses them (see
    ``core.sequences.next_number``), so a rolled-back registration gives its number back
    and the series stays gap-free.
    """

    series = models.CharField(_("series"), max_length=20)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="sequence_series_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_number}"
