"""The GM edits the catalog, the work templates and the standard durations in admin."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from servicebook.catalog.models import Deliverable, ServiceLine, TemplateStep, WorkTemplate


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


class TemplateStepInline(admin.TabularInline):
    model = TemplateStep
    extra = 0
    fields = (
        "position",
        "name_zh",
        "name_en",
        "days",
        "days_min",
        "days_max",
        "duration_source",
        "depends_on_previous",
    )
    ordering = ("position", "id")


@admin.register(WorkTemplate)
class WorkTemplateAdmin(admin.ModelAdmin):
    """Work templates with their steps; the GM edits the steps' durations here."""

    list_display = ("code", "name_zh", "name_en", "total_days", "standard_days", "duration_source")
    list_filter = ("duration_source",)
    search_fields = ("code", "name_zh", "name_en")
    inlines = [TemplateStepInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkTemplate]:
        return WorkTemplate.objects.with_steps()

    @admin.display(description=_("standard duration (working days)"))
    def standard_days(self, template: WorkTemplate) -> int | None:
        return template.standard_days
