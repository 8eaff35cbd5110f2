"""Agency-editable lists of the client register.

Client files themselves are not in admin: every read of client data goes through
``visible_to`` and every change through the services, which admin would bypass.
"""

from django.contrib import admin

from servicebook.clients.models import InformationSource


@admin.register(InformationSource)
class InformationSourceAdmin(admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "position", "is_active")
    list_editable = ("position", "is_active")
