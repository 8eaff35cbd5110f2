"""Projects in admin, read-only: projects are created by signing contracts (services only)."""

from __future__ import annotations

from django.contrib import admin

from servicebook.core.admin_mixins import ReadOnlyAdminMixin
from servicebook.projects.models import Project, TeamMember


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
