"""Contracts in admin, read-only: every change goes through the contract services."""

from __future__ import annotations

from django.contrib import admin

from servicebook.contracts.models import Contract, PaymentMilestone
from servicebook.core.admin_mixins import ReadOnlyAdminMixin


class PaymentMilestoneInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PaymentMilestone
    extra = 0
    fields = ("position", "name", "due_on", "amount", "condition")


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Look, don't touch."""

    list_display = ("number", "title", "client", "value", "status", "signed_on", "created_at")
    list_filter = ("status",)
    list_select_related = ("client",)
    search_fields = ("number", "title", "client__legal_name", "client__short_name")
    inlines = [PaymentMilestoneInline]
