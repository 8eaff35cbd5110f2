"""Core tables the GM edits in Django admin: calendar overrides and the agency settings."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from servicebook.core.models import AgencySettings, CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("note",)


@admin.register(AgencySettings)
class AgencySettingsAdmin(admin.ModelAdmin):
    """The single settings row: letterhead and configurable rules."""

    fieldsets = (
        (
            _("Letterhead"),
            {
                "fields": (
                    "name_zh",
                    "name_en",
                    "address",
                    "phone",
                    "fax",
                    "email",
                    "website",
                    "logo",
                )
            },
        ),
        (
            _("Rules"),
            {
                "fields": (
                    "execution_fee_rate",
                    "stale_follow_up_days",
                    "large_contract_threshold",
                    "fine_per_breach",
                )
            },
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AgencySettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
