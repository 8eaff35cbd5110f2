"""The fax sheet (传真纸, SPEC §7, §13): the cover/letter form for anything sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.communications.querysets import OptionalProjectQuerySet


class Urgency(models.TextChoices):
    """The boxes ticked on the sheet; any number of them."""

    URGENT = "urgent", _("Urgent")
    FOR_REVIEW = "for_review", _("For review")
    PLEASE_REPLY = "please_reply", _("Please reply")
    PLEASE_COMMENT = "please_comment", _("Please comment")


class FaxSheet(models.Model):
    """One fax sheet: to, attention, from, numbers, date, pages, subject, urgency, body."""

    number = models.CharField(_("fax no."), max_length=20, unique=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fax_sheets",
    )
    to_company = models.CharField(_("to"), max_length=200)
    attention = models.CharField(_("attention"), max_length=50, blank=True)
    to_fax = models.CharField(_("fax no. (to)"), max_length=30, blank=True)
    to_phone = models.CharField(_("phone (to)"), max_length=30, blank=True)
    from_name = models.CharField(_("from"), max_length=50)
    from_fax = models.CharField(_("fax no. (from)"), max_length=30, blank=True)
    from_phone = models.CharField(_("phone (from)"), max_length=30, blank=True)
    sent_on = models.DateField(_("date"))
    pages = models.PositiveSmallIntegerField(_("pages (including this one)"), default=1)
    subject = models.CharField(_("subject"), max_length=200)
    urgency = models.JSONField(_("urgency"), default=list, blank=True)
    body = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = OptionalProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("fax sheet")
        verbose_name_plural = _("fax sheets")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pages__gte=1), name="faxsheet_pages_positive")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def urgency_labels(self) -> list[str]:
        return [str(label) for value, label in Urgency.choices if value in self.urgency]
