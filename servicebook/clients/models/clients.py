"""The client and the agency-editable list of information sources."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from servicebook.catalog.models import BilingualName
from servicebook.clients.choices import (
    INTENT_COLOURS,
    STATUS_COLOURS,
    ClientStatus,
    ClientType,
    Intent,
    ProductCategory,
)
from servicebook.clients.querysets import ClientQuerySet
from servicebook.core.choices import check_in_choices, check_in_choices_or_blank, choice_colour


class InformationSource(BilingualName):
    """Where information about a prospect came from (call, referral, tender notice …)."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("information source")
        verbose_name_plural = _("information sources")
        ordering = ["position", "id"]


class Client(models.Model):
    """A client file: the company, its needs, intent, owner and stage on the journey."""

    registration_no = models.CharField(_("registration no."), max_length=20, unique=True)
    registered_on = models.DateField(_("date registered"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="clients",
    )
    legal_name = models.CharField(_("company legal name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    group_company = models.CharField(_("group company"), max_length=200, blank=True)
    normalised_name = models.CharField(max_length=200, db_index=True, editable=False)
    client_type = models.CharField(
        _("client type"), max_length=10, choices=ClientType.choices, blank=True
    )
    product_category = models.CharField(
        _("product category"), max_length=20, choices=ProductCategory.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    information_source = models.ForeignKey(
        InformationSource,
        verbose_name=_("information source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    source_detail = models.CharField(_("source details"), max_length=200, blank=True)
    needs = models.TextField(_("needs"), blank=True)
    services = models.ManyToManyField(
        "catalog.ServiceLine", verbose_name=_("services needed"), blank=True
    )
    intent = models.CharField(
        _("intent"), max_length=10, choices=Intent.choices, default=Intent.MEDIUM
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_clients",
    )
    status = models.CharField(
        _("stage"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.REGISTERED
    )
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "normalised_name", "updated_at", "created_at"],
        m2m_fields=[services],
    )
    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["-registered_on", "-id"], name="client_registered"),
            models.Index(fields=["intent", "-registered_on"], name="client_intent_registered"),
            models.Index(fields=["department", "-registered_on"], name="client_dept_registered"),
            models.Index(fields=["owner", "-registered_on"], name="client_owner_registered"),
            models.Index(fields=["status"], name="client_status"),
        ]
        constraints = [
            check_in_choices("status", ClientStatus, "client_status_valid"),
            check_in_choices("intent", Intent, "client_intent_valid"),
            check_in_choices_or_blank("client_type", ClientType, "client_type_valid"),
            check_in_choices_or_blank(
                "product_category", ProductCategory, "client_product_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_no} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The short name where there is one, else the legal name."""
        return self.short_name or self.legal_name

    @property
    def status_label(self) -> str:
        """The stage's name in the active language (cheaper than get_status_display)."""
        return str(ClientStatus(self.status).label)

    @property
    def intent_label(self) -> str:
        """The intent's name in the active language."""
        return str(Intent(self.intent).label)

    @property
    def status_colour(self) -> str:
        return choice_colour(STATUS_COLOURS, self.status)

    @property
    def intent_colour(self) -> str:
        return choice_colour(INTENT_COLOURS, self.intent)
