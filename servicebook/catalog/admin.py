"""The GM edits the catalog and the standard durations in admin."""

from django.contrib import admin

from servicebook.catalog.models import Deliverable, ServiceLine


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ("position", "name_zh", "name_en", "standard_days", "duration_source", "template_code")


@admin.register(ServiceLine)
class ServiceLineAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "position", "is_active")
    list_editable = ("position", "is_active")
    inlines = [DeliverableInline]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "service_line", "standard_days", "duration_source")
    list_filter = ("service_line", "duration_source")
    list_select_related = ("service_line",)
    search_fields = ("name_zh", "name_en")
