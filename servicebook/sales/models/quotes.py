"""Quotes (报价单): lines from the catalog, exact to the fen, approved before they go out."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices, choice_colour
from servicebook.sales.choices import (
    CLIENT_VISIBLE_QUOTE_STATUSES,
    QUOTE_STATUS_COLOURS,
    ApprovalDecision,
    QuoteLineKind,
    QuoteStatus,
)
from servicebook.sales.querysets import QuoteQuerySet

FEN = Decimal("0.01")


def to_fen(amount: Decimal) -> Decimal:
    """Round a yuan amount to the fen, half up (never a float)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


class Quote(models.Model):
    """A quote for a client, possibly for one phase only (分步骤、分项目报价).

    ``revision`` goes up each time an approved or rejected quote is edited, so an approval
    always names the exact content it approved.
    """

    number = models.CharField(_("quote no."), max_length=20, unique=True)
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="quotes"
    )
    title = models.CharField(_("title"), max_length=200)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_quotes",
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=0)
    discount = models.DecimalField(_("discount"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "status"], name="quote_client_status")]
        constraints = [
            check_in_choices("status", QuoteStatus, "quote_status_valid"),
            models.CheckConstraint(condition=models.Q(discount__gte=0), name="quote_discount_ok"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="quote_total_ok"),
            # Rounded to the fen: SQLite keeps decimals as binary floats, where
            # 190.66 - 27.39 != 163.27; on PostgreSQL's exact numeric the ROUND changes nothing.
            models.CheckConstraint(
                condition=models.Q(total=Round(models.F("subtotal") - models.F("discount"), 2)),
                name="quote_total_is_subtotal_less_discount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_label(self) -> str:
        return str(QuoteStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(QUOTE_STATUS_COLOURS, self.status)

    @property
    def is_client_visible(self) -> bool:
        """Whether this content was approved and may be shown to the client."""
        return self.status in CLIENT_VISIBLE_QUOTE_STATUSES


class QuoteLine(models.Model):
    """One line: a catalog service or deliverable, quantity × unit price, or the
    event-execution fee (the rate × the event's total cost, rate kept as quoted)."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuoteLineKind.choices, default=QuoteLineKind.SERVICE
    )
    service_line = models.ForeignKey(
        "catalog.ServiceLine",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    deliverable = models.ForeignKey(
        "catalog.Deliverable",
        verbose_name=_("deliverable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, default=1)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2, default=0)
    event_cost = models.DecimalField(
        _("event total cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fee_rate = models.DecimalField(
        _("fee rate"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, default=0)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["quote_id", "position", "id"]
        constraints = [
            check_in_choices("kind", QuoteLineKind, "quoteline_kind_valid"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="quoteline_qty_ok"),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="quoteline_price_ok"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=QuoteLineKind.EXECUTION_FEE)
                | (models.Q(event_cost__gte=0) & models.Q(fee_rate__gte=0)),
                name="quoteline_fee_has_cost_and_rate",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def computed_amount(self) -> Decimal:
        """The line's amount to the fen: quantity × unit price, or cost × fee rate."""
        if self.kind == QuoteLineKind.EXECUTION_FEE:
            return to_fen((self.event_cost or Decimal(0)) * (self.fee_rate or Decimal(0)))
        return to_fen(self.quantity * self.unit_price)


class QuoteApproval(models.Model):
    """The manager's decision on one revision of a quote; at most one per revision."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="approvals")
    revision = models.PositiveIntegerField(_("revision"))
    decision = models.CharField(_("decision"), max_length=10, choices=ApprovalDecision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("quote approval")
        verbose_name_plural = _("quote approvals")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "revision"], name="one_decision_per_revision"),
            check_in_choices("decision", ApprovalDecision, "quoteapproval_decision_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id} r{self.revision}: {self.decision}"


class QuoteStatusChange(models.Model):
    """One status move of a quote (typed history row)."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=QuoteStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=QuoteStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("quote status change")
        verbose_name_plural = _("quote status changes")
        ordering = ["-at", "-id"]
        constraints = [
            check_in_choices("from_status", QuoteStatus, "quotechange_from_valid"),
            check_in_choices("to_status", QuoteStatus, "quotechange_to_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id}: {self.from_status} → {self.to_status}"
