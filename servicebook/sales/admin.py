"""Admin shows quotes and negotiation rounds read-only: every change is a service.

A quote's status moves only through the services (approval before sending, 不得擅自报价),
so admin may look but never add, change or delete.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from servicebook.sales.models import (
    NegotiationRound,
    Quote,
    QuoteApproval,
    QuoteLine,
    QuoteStatusChange,
)


class ReadOnlyMixin:
    """No add, change or delete permission; every field shown read-only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuoteLineInline(ReadOnlyMixin, admin.TabularInline):
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


class QuoteApprovalInline(ReadOnlyMixin, admin.TabularInline):
    model = QuoteApproval
    extra = 0
    fields = ("revision", "decision", "decided_by", "decided_at", "comment")


class QuoteStatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = QuoteStatusChange
    extra = 0
    fields = ("at", "from_status", "to_status", "actor", "note")


@admin.register(Quote)
class QuoteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "client", "title", "status", "revision", "total", "author")
    list_filter = ("status",)
    list_select_related = ("client", "author")
    search_fields = ("number", "title", "client__legal_name")
    inlines = [QuoteLineInline, QuoteApprovalInline, QuoteStatusChangeInline]


@admin.register(QuoteApproval)
class QuoteApprovalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("quote", "revision", "decision", "decided_by", "decided_at")
    list_filter = ("decision",)
    list_select_related = ("quote", "decided_by")


@admin.register(NegotiationRound)
class NegotiationRoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("client", "number", "held_on", "outcome", "by", "reported_to")
    list_filter = ("outcome",)
    list_select_related = ("client", "by", "reported_to")
