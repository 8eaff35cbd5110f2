"""Admin shows quotes and negotiation rounds read-only: every change is a service.

A quote's status moves only through the services (approval before sending, 不得擅自报价),
so admin may look but never add, change or delete.
"""

from __future__ import annotations

from django.contrib import admin

from servicebook.core.admin_mixins import ReadOnlyAdminMixin
from servicebook.sales.models import (
    NegotiationRound,
    Quote,
    QuoteApproval,
    QuoteLine,
    QuoteStatusChange,
)


class QuoteLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuoteLine
    extra = 0
    fields = (
        "position",
        "kind",
        "service_line",
        "deliverable",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "event_cost",
        "fee_rate",
        "amount",
    )


class QuoteApprovalInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuoteApproval
    extra = 0
    fields = ("revision", "decision", "decided_by", "decided_at", "comment")


class QuoteStatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = QuoteStatusChange
    extra = 0
    fields = ("at", "from_status", "to_status", "actor", "note")


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "client", "title", "status", "revision", "total", "author")
    list_filter = ("status",)
    list_select_related = ("client", "author")
    search_fields = ("number", "title", "client__legal_name")
    inlines = [QuoteLineInline, QuoteApprovalInline, QuoteStatusChangeInline]


@admin.register(QuoteApproval)
class QuoteApprovalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("quote", "revision", "decision", "decided_by", "decided_at")
    list_filter = ("decision",)
    list_select_related = ("quote", "decided_by")


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("client", "number", "held_on", "outcome", "by", "reported_to")
    list_filter = ("outcome",)
    list_select_related = ("client", "by", "reported_to")
