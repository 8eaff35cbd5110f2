"""Contracts in admin, read-only: every change goes through the contract services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from servicebook.contracts.models import Contract, PaymentMilestone


class _ReadOnly:
    """No adding, changing or deleting in admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PaymentMilestoneInline(_ReadOnly, admin.TabularInline):
    model = PaymentMilestone
    extra = 0
    fields = ("position", "name", "due_on", "amount", "condition")


@admin.register(Contract)
class ContractAdmin(_ReadOnly, admin.ModelAdmin):
    """Look, don't touch."""

    list_display = ("number", "title", "client", "value", "status", "signed_on", "created_at")
    list_filter = ("status",)
    list_select_related = ("client",)
    search_fields = ("number", "title", "client__legal_name", "client__short_name")
    inlines = [PaymentMilestoneInline]
