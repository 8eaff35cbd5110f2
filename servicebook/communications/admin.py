"""Client communication in admin, read-only: every record changes through its services.

Issued documents and outgoing emails are kept as they were; a failed email is retried from
the outbox page, not here.
"""

from __future__ import annotations

from django.contrib import admin

from servicebook.communications.models import (
    ClientRequest,
    ConsultationLetter,
    ContactLog,
    FaxSheet,
    IssuedDocument,
    OutboxMessage,
    ServiceLog,
)
from servicebook.core.admin_mixins import ReadOnlyAdminMixin


@admin.register(ContactLog)
class ContactLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "occurred_at", "channel", "contact_name", "logged_by")
    list_filter = ("channel",)
    list_select_related = ("project", "logged_by")


@admin.register(ClientRequest)
class ClientRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "text", "raised_at", "first_reply_at", "settled_at")
    list_select_related = ("project",)


@admin.register(ConsultationLetter)
class ConsultationLetterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "project", "subject", "status", "sent_at", "answer_due_on")
    list_filter = ("status",)
    list_select_related = ("project",)


@admin.register(ServiceLog)
class ServiceLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "kind", "period_start", "due_on", "status", "sent_at")
    list_filter = ("kind", "status")
    list_select_related = ("project",)


@admin.register(FaxSheet)
class FaxSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "to_company", "subject", "sent_on", "created_by")
    list_select_related = ("created_by",)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "language", "status", "pages", "created_by", "created_at")
    list_filter = ("kind", "status")
    list_select_related = ("created_by",)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "status", "attempts", "sent_at", "created_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("created_by",)
