"""The service catalog (handbook 叁): service lines, deliverables and work templates.

All agency-editable: the GM edits names and standard durations in admin.
"""

from __future__ import annotations

from collections.abc import Iterable

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


class WorkTemplateQuerySet(models.QuerySet["WorkTemplate"]):
    """Look-ups of work templates, steps prefetched in order."""

    def with_steps(self) -> WorkTemplateQuerySet:
        """The templates with their steps prefetched (``steps.all()`` is in position order)."""
        return self.prefetch_related(
            models.Prefetch("steps", queryset=TemplateStep.objects.order_by("position", "id"))
        )

    def by_code(self, codes: Iterable[str]) -> dict[str, WorkTemplate]:
        """The templates named by ``codes`` as code → template, steps prefetched (two queries)."""
        wanted = {code for code in codes if code}
        if not wanted:
            return {}
        return {template.code: template for template in self.with_steps().filter(code__in=wanted)}

    def for_deliverable(self, deliverable: Deliverable) -> WorkTemplate | None:
        """The template a deliverable's ``template_code`` names, steps prefetched; else None."""
        return self.by_code([deliverable.template_code]).get(deliverable.template_code)


class WorkTemplate(BilingualName):
    """An ordered set of steps (handbook 伍 具体方法) used to plan a deliverable.

    Deliverables name their template by ``Deliverable.template_code``. The standard
    duration of a template is ``total_days`` when the handbook fixes a total (the
    planning outline: 7 working days), else the sum of its steps' planned days.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    total_days = models.PositiveSmallIntegerField(
        _("total duration (working days)"),
        null=True,
        blank=True,
        help_text=_("Only when a total is fixed for the whole template; else the steps add up."),
    )
    duration_source = models.CharField(
        _("duration source"),
        max_length=20,
        choices=DurationSource.choices,
        default=DurationSource.DEFAULT,
    )

    objects = WorkTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("work template")
        verbose_name_plural = _("work templates")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_days__isnull=True) | models.Q(total_days__gte=1),
                name="work_template_total_days_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_source__in=DurationSource.values),
                name="work_template_duration_source_valid",
            ),
        ]

    @property
    def standard_days(self) -> int | None:
        """The template's standard duration: the fixed total, else the steps' planned days added.

        None when a step has no duration at all. Reads ``steps`` (prefetch them in loops).
        """
        if self.total_days is not None:
            return self.total_days
        planned = [step.planned_days for step in self.steps.all()]
        if not planned or None in planned:
            return None
        return sum(day for day in planned if day is not None)


class TemplateStep(BilingualName):
    """One step of a work template, with its planned duration in working days.

    ``days`` is the planned duration. A step the handbook gives as a range (fieldwork:
    2–7 working days) also carries ``days_min``/``days_max`` and plans ``days`` within it.
    """

    template = models.ForeignKey(
        WorkTemplate,
        verbose_name=_("work template"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    days = models.PositiveSmallIntegerField(
        _("planned duration (working days)"), null=True, blank=True
    )
    days_min = models.PositiveSmallIntegerField(_("shortest (working days)"), null=True, blank=True)
    days_max = models.PositiveSmallIntegerField(_("longest (working days)"), null=True, blank=True)
    duration_source = models.CharField(
        _("duration source"),
        max_length=20,
        choices=DurationSource.choices,
        default=DurationSource.DEFAULT,
    )
    depends_on_previous = models.BooleanField(
        _("waits for the previous step"),
        default=True,
        help_text=_(
            "Unticked: the step runs alongside the previous one, and the next ticked step "
            "waits for both."
        ),
    )

    class Meta:
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        ordering = ["template", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="template_step_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(days__isnull=True) | models.Q(days__gte=1),
                name="template_step_days_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(days_min__isnull=True) | models.Q(days_min__gte=1),
                name="template_step_days_min_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(days_min__isnull=True)
                | models.Q(days_max__isnull=True)
                | models.Q(days_min__lte=models.F("days_max")),
                name="template_step_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(days__isnull=True)
                | (
                    (models.Q(days_min__isnull=True) | models.Q(days__gte=models.F("days_min")))
                    & (models.Q(days_max__isnull=True) | models.Q(days__lte=models.F("days_max")))
                ),
                name="template_step_days_within_range",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_source__in=DurationSource.values),
                name="template_step_duration_source_valid",
            ),
        ]

    @property
    def planned_days(self) -> int | None:
        """The days to plan: ``days``, else the longest of the range, else the shortest."""
        for value in (self.days, self.days_max, self.days_min):
            if value is not None:
                return value
        return None
