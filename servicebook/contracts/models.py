"""Contracts (合同): drawn up from accepted quotes; signing one creates the project."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicebook.contracts.choices import CONTRACT_STATUS_COLOURS, ContractStatus
from servicebook.contracts.querysets import ContractQuerySet
from servicebook.core.choices import check_in_choices, choice_colour


class Contract(models.Model):
    """A contract with a client: parties, value, payment milestones, dates, services."""

    number = models.CharField(_("contract no."), max_length=20, unique=True)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    quotes = models.ManyToManyField(
        "sales.Quote", verbose_name=_("accepted quotes"), related_name="contracts"
    )
    title = models.CharField(_("title"), max_length=200)
    party_a = models.CharField(_("party A (client)"), max_length=200)
    party_b = models.CharField(_("party B (agency)"), max_length=200)
    value = models.DecimalField(_("contract value"), max_digits=14, decimal_places=2)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    services = models.ManyToManyField(
        "catalog.ServiceLine", verbose_name=_("services in scope"), related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn up by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signing recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at", "-id"]
        constraints = [
            check_in_choices("status", ContractStatus, "contract_status_valid"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="contract_value_ok"),
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="contract_dates_ok"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ContractStatus.SIGNED)
                | models.Q(signed_on__isnull=False),
                name="contract_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_label(self) -> str:
        return str(ContractStatus(self.status).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(CONTRACT_STATUS_COLOURS, self.status)


class PaymentMilestone(models.Model):
    """One payment the client owes under the contract (付款节点)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("milestone"), max_length=100)
    due_on = models.DateField(_("due"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    condition = models.CharField(_("condition"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["contract_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="milestone_amount_ok"),
        ]

    def __str__(self) -> str:
        return self.name
