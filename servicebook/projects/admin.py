"""Projects in admin, read-only: projects are created by signing contracts (services only)."""

from __future__ import annotations

from django.contrib import admin

from servicebook.core.admin_mixins import ReadOnlyAdminMixin
from servicebook.projects.models import (
    ChangeApproval,
    ChangeRequest,
    Plan,
    PlanStatusChange,
    PlanTask,
    Project,
    TeamMember,
)


class TeamMemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ("role", "user", "is_backup", "added_by", "added_at")
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Look, don't touch: projects and their teams change through the services."""

    inlines = [TeamMemberInline]
    list_display = ("code", "name", "client", "department", "lead", "status", "created_at")
    list_filter = ("status", "department")
    list_select_related = ("client", "department", "lead")
    search_fields = ("code", "name", "client__legal_name", "client__short_name")


class PlanTaskInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanTask
    extra = 0
    fields = ("key", "phase", "kind", "owner", "days", "start_on", "due_on", "is_milestone")
    readonly_fields = fields


class PlanStatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanStatusChange
    extra = 0
    fields = ("from_status", "to_status", "actor", "at", "note")
    readonly_fields = fields


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Look, don't touch: a locked plan's dates change only through approved change requests."""

    inlines = [PlanStatusChangeInline, PlanTaskInline]
    list_display = ("project", "version", "status", "start_on", "signer_name", "signed_on")
    list_filter = ("status",)
    list_select_related = ("project",)
    search_fields = ("project__code", "project__name")


class ChangeApprovalInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ChangeApproval
    extra = 0
    fields = ("role", "decision", "decided_by", "decided_at", "comment")
    readonly_fields = fields


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Change requests are decided on the plan page, by the department manager and the GM."""

    inlines = [ChangeApprovalInline]
    list_display = ("plan", "status", "requested_by", "requested_at", "closed_at")
    list_filter = ("status",)
    list_select_related = ("plan", "requested_by")
