"""Delivery records in admin, read-only: work orders, creative meetings and supervision
visits change only through their services (and pages)."""

from __future__ import annotations

from django.contrib import admin

from servicebook.core.admin_mixins import ReadOnlyAdminMixin
from servicebook.delivery.models import (
    CreativeMeeting,
    SupervisionFollowUp,
    SupervisionVisit,
    WorkOrder,
    WorkOrderAttachment,
    WorkOrderRound,
    WorkOrderStatusChange,
)


class WorkOrderStatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WorkOrderStatusChange
    extra = 0
    fields = ("from_status", "to_status", "actor", "at", "note")
    readonly_fields = fields


class WorkOrderRoundInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WorkOrderRound
    extra = 0
    fields = ("number", "submitted_by", "submitted_at", "note", "outcome", "client_feedback")
    readonly_fields = fields


class WorkOrderAttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WorkOrderAttachment
    extra = 0
    fields = ("name", "round", "size", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Look, don't touch: work orders move through their services on the work-order pages."""

    inlines = [WorkOrderStatusChangeInline, WorkOrderRoundInline, WorkOrderAttachmentInline]
    list_display = ("number", "title", "project", "department", "assignee", "due_on", "status")
    list_filter = ("status", "department")
    list_select_related = ("project", "department", "assignee")
    search_fields = ("number", "title", "project__code", "project__name")
    date_hierarchy = "due_on"


@admin.register(CreativeMeeting)
class CreativeMeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Creative meetings are requested, called and minuted on the project's pages."""

    list_display = ("topic", "project", "status", "requested_by", "scheduled_for")
    list_filter = ("status",)
    list_select_related = ("project", "requested_by")
    search_fields = ("topic", "project__code", "project__name")


class SupervisionFollowUpInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SupervisionFollowUp
    extra = 0


@admin.register(SupervisionVisit)
class SupervisionVisitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Supervision visits are logged by the supervisor on the project's pages."""

    inlines = [SupervisionFollowUpInline]
    list_display = ("visited_on", "project", "site", "supervisor")
    list_select_related = ("project", "supervisor")
    search_fields = ("site", "project__code", "project__name")
    date_hierarchy = "visited_on"
