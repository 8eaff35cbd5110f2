"""Setting up the agency in Django admin: departments, staff and their job roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import Department, StaffRole, User


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [StaffRoleInline]
    list_display = ("username", "full_name", "department", "is_active", "is_staff")
    list_filter = ("department", "roles__role", "is_active")
    search_fields = ("username", "full_name", "email", "phone")
    list_select_related = ("department",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Agency"), {"fields": ("full_name", "department", "phone", "language")}),
    )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "manager")
    list_select_related = ("manager",)
