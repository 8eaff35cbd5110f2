"""The agency's own corrections to the official working-day calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices


class OverrideKind(models.TextChoices):
    """What an override makes of its date: a day off, or a working day."""

    # Translators: 法定假日
    HOLIDAY = "holiday", _("Holiday")
    # Translators: 调休上班
    WORKDAY = "workday", _("Make-up working day")
    # Translators: 公司停业
    CLOSURE = "closure", _("Agency closure")


class CalendarOverride(models.Model):
    """One date whose working status the agency sets by hand; it always wins.

    Used for the official holidays and make-up working days (调休) of a year the
    ``chinese_calendar`` package does not know yet, for corrections to it, and for
    the agency's own closures. ``servicebook.core.workdays`` reads these rows.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OverrideKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]
        constraints = [
            check_in_choices("kind", OverrideKind, "calendaroverride_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"
