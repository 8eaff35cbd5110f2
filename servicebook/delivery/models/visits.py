"""Supervision visits (督导, SPEC §8, handbook 陆): planned in the plan, logged on site.

A visit records the date, the site, the areas checked, findings, advice and follow-ups
(each with an owner and a due date, done or not). A visit may log a planned visit line
of the plan (``PlanTask`` of kind supervision visit) or stand alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.delivery.querysets import ProjectScopedQuerySet


class CheckArea(models.TextChoices):
    """What a supervisor checks on site (SPEC §8)."""

    TRAINING = "training", _("Sales training")
    PROMOTION = "promotion", _("On-site promotion")
    PACKAGING = "packaging", _("Point-of-sale packaging")
    SHOP_CHECK = "shop_check", _("Shop checks")
    ADVERTISING = "advertising", _("Advertising and PR execution")
    MARKET = "market", _("Market reaction")
    SALES = "sales", _("Sales")


class SupervisionVisit(models.Model):
    """One supervision visit to a project's site, as logged by the supervisor."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="supervision_visits",
    )
    task = models.OneToOneField(
        "projects.PlanTask",
        verbose_name=_("planned visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_log",
    )
    visited_on = models.DateField(_("visit date"))
    site = models.CharField(_("site"), max_length=200)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervision_visits",
    )
    checked = models.JSONField(_("areas checked"), default=list)
    findings = models.TextField(_("findings"))
    advice = models.TextField(_("advice given"), blank=True)
    strategy_change = models.TextField(
        _("strategy change suggested"),
        blank=True,
        help_text=_(
            "Market feedback that calls for a change of strategy, recorded against the plan."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.visited_on}"

    @property
    def checked_labels(self) -> list[str]:
        """The areas checked, in the order of ``CheckArea``, as the user reads them."""
        return [str(label) for value, label in CheckArea.choices if value in self.checked]


class SupervisionFollowUp(models.Model):
    """Something to do after a visit: who, by when, and whether it is done."""

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("follow-up"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="supervision_follow_ups",
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supervision follow-up")
        verbose_name_plural = _("supervision follow-ups")
        ordering = ["visit_id", "due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_on"], name="visitfollowup_owner_idx")
        ]

    def __str__(self) -> str:
        return self.text
