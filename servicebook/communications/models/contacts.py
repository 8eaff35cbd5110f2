"""Daily contact with the client (每日沟通, SPEC §7) and the requests the client raises.

A client request is timed from when it was raised to the first reply (responsiveness,
SPEC §12); it stays open until it is settled.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.communications.querysets import ProjectScopedQuerySet
from servicebook.core.choices import check_in_choices


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    WECHAT = "wechat", _("WeChat")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    LETTER = "letter", _("Letter")


class ContactLog(models.Model):
    """One contact with the client on a project: who, how, what was said, what follows."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="contact_logs",
    )
    occurred_at = models.DateTimeField(_("when"))
    channel = models.CharField(
        _("channel"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.PHONE
    )
    contact = models.ForeignKey(
        "clients.Contact",
        verbose_name=_("client contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField(_("contact person"), max_length=50)
    summary = models.TextField(_("summary"))
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("client contact log")
        verbose_name_plural = _("client contact logs")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["project", "-occurred_at"], name="contactlog_project_idx")]
        constraints = [check_in_choices("channel", ContactChannel, "contactlog_channel_valid")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.occurred_at:%Y-%m-%d}"

    @property
    def channel_label(self) -> str:
        return str(ContactChannel(self.channel).label)


class ClientRequest(models.Model):
    """Something the client asked for: raised, first answered (timed), settled."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="client_requests",
    )
    contact_log = models.ForeignKey(
        ContactLog,
        verbose_name=_("raised in"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
    )
    text = models.TextField(_("request"))
    raised_at = models.DateTimeField(_("raised"))
    first_reply_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    first_reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first reply by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reply = models.TextField(_("reply"), blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_reply_at__isnull=True)
                | models.Q(first_reply_at__gte=models.F("raised_at")),
                name="clientrequest_reply_after_raised",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_open(self) -> bool:
        return self.settled_at is None
