"""Consultation letters (咨询函, SPEC §7): a formal question that needs a written answer.

draft → sent (waiting for the answer, due in working days) → answered; a draft may be
withdrawn. Numbered ZX-YYYY-NNNN when sent (gap-free per year).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.communications.querysets import ProjectScopedQuerySet
from servicebook.core.choices import check_in_choices, choice_colour


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, waiting for the answer")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


LETTER_STATUS_COLOURS = {"draft": "grey", "sent": "amber", "answered": "green", "withdrawn": "grey"}


class ConsultationLetter(models.Model):
    """A letter asking the client a question, tracked until it is answered."""

    number = models.CharField(_("letter no."), max_length=20, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="consultation_letters",
    )
    addressee = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    addressee_name = models.CharField(_("to (name)"), max_length=50)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))
    answer_days = models.PositiveSmallIntegerField(_("answer within (working days)"), default=3)
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_due_on = models.DateField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("the client's answer"), blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation letter")
        verbose_name_plural = _("consultation letters")
        ordering = ["-created_at", "-id"]
        constraints = [
            check_in_choices("status", LetterStatus, "letter_status_valid"),
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number=""),
                name="letter_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(status="withdrawn")
                | (~models.Q(number="") & models.Q(sent_at__isnull=False)),
                name="letter_sent_has_number",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_days__gte=1), name="letter_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.subject}"

    @property
    def status_label(self) -> str:
        return str(LetterStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(LETTER_STATUS_COLOURS, self.status)


class LetterStatusChange(models.Model):
    """One status move of a consultation letter (typed history row)."""

    letter = models.ForeignKey(
        ConsultationLetter,
        verbose_name=_("consultation letter"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=10, choices=LetterStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=LetterStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("consultation letter status change")
        verbose_name_plural = _("consultation letter status changes")
        ordering = ["-at", "-id"]
        constraints = [
            check_in_choices("from_status", LetterStatus, "letterchange_from_valid"),
            check_in_choices("to_status", LetterStatus, "letterchange_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.from_status} → {self.to_status}"
