"""Projects in admin, read-only: projects are created by signing contracts (services only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from servicebook.projects.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Look, don't touch."""

    list_display = ("code", "name", "client", "department", "lead", "status", "created_at")
    list_filter = ("status", "department")
    list_select_related = ("client", "department", "lead")
    search_fields = ("code", "name", "client__legal_name", "client__short_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
