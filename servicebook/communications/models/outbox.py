"""Documents as issued, and the email outbox (SPEC §7, §13).

``IssuedDocument`` keeps the PDF bytes of a form the moment it was issued (sent or
downloaded as the client copy): re-downloading it later gives the same file even if the
records changed. ``OutboxMessage`` is one email to send, written in the business
transaction and delivered by the background worker after the commit; its status says
what became of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from servicebook.communications.querysets import OptionalProjectQuerySet
from servicebook.core.choices import check_in_choices, choice_colour


class DocumentKind(models.TextChoices):
    """The handbook's five forms (SPEC §13) and the consultation letter."""

    PLAN = "plan", _("Project plan")
    WEEKLY_LOG = "weekly_log", _("Weekly service log")
    MONTHLY_LOG = "monthly_log", _("Monthly service log")
    FAX_SHEET = "fax_sheet", _("Fax sheet")
    REGISTER = "register", _("Client register")
    LETTER = "letter", _("Consultation letter")


class DocumentStatus(models.TextChoices):
    """A document is rendered by the worker (long PDFs never hold up a page)."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class IssuedDocument(models.Model):
    """A form's PDF as it was issued; once ready, never changed afterwards.

    Created ``pending`` with what to render (kind, record, language); the worker renders
    the PDF and stores its bytes, size, digest and page count.
    """

    kind = models.CharField(_("form"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to="issued/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    render_seconds = models.FloatField(_("render time (s)"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    objects = OptionalProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "object_id"], name="issueddoc_record_idx")]
        constraints = [
            check_in_choices("kind", DocumentKind, "issueddoc_kind_valid"),
            check_in_choices("status", DocumentStatus, "issueddoc_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("status", "Sent")
    FAILED = "failed", _("Failed")


MESSAGE_STATUS_COLOURS = {"queued": "amber", "sending": "blue", "sent": "green", "failed": "red"}


class OutboxMessage(models.Model):
    """One email to the client, with an issued document attached, delivered by the worker."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("attachment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    recipients = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    # The Message-ID header, fixed when queued: a resend after a crash carries the same one.
    message_id = models.CharField(_("message ID"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # While a worker sends, it holds the message until this moment; a crashed worker's
    # hold runs out and the message is picked up again.
    lease_until = models.DateTimeField(_("held until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    objects = OptionalProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
        ]
        constraints = [check_in_choices("status", MessageStatus, "outbox_status_valid")]

    def __str__(self) -> str:
        return self.subject

    @property
    def status_label(self) -> str:
        return str(MessageStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(MESSAGE_STATUS_COLOURS, self.status)
