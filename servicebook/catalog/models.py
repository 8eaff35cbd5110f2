"""The service catalog (handbook 叁): service lines and their deliverables, agency-editable."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """A record named in Chinese and English; ``name`` follows the active language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if (get_language() or "zh").startswith("en") else self.name_zh


class ServiceLine(BilingualName):
    """A line of service the agency sells (服务范围), e.g. market research and positioning."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("service line")
        verbose_name_plural = _("service lines")
        ordering = ["position", "id"]


class DurationSource(models.TextChoices):
    """Where a standard duration comes from."""

    HANDBOOK = "handbook", _("Fixed by the handbook")
    DEFAULT = "default", _("Agency default")


class Deliverable(BilingualName):
    """A deliverable of a service line with its standard duration in working days."""

    service_line = models.ForeignKey(
        ServiceLine,
        verbose_name=_("service line"),
        on_delete=models.PROTECT,
        related_name="deliverables",
    )
    standard_days = models.PositiveSmallIntegerField(
        _("standard duration (working days)"), null=True, blank=True
    )
    template_code = models.SlugField(_("work template"), max_length=40, blank=True)
    recurring = models.CharField(_("recurring"), max_length=20, blank=True)
    duration_source = models.CharField(
        _("duration source"),
        max_length=20,
        choices=DurationSource.choices,
        default=DurationSource.DEFAULT,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["service_line__position", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_source__in=DurationSource.values),
                name="deliverable_duration_source_valid",
            ),
        ]
