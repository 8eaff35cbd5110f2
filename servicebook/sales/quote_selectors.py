"""Read models of quotes for pages and documents; every read is scoped by ``visible_to``.

``quote_document`` is the ONE place that decides whether the client-facing document of a
quote is the real one or an internal preview (watermarked, no signature blocks): the
print page and the PDF both ask it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import Department, User
from servicebook.catalog.models import Deliverable, ServiceLine
from servicebook.clients.models import Client, Contact
from servicebook.core.choices import choice_colour
from servicebook.core.models import AgencySettings
from servicebook.sales import quote_permissions as can
from servicebook.sales.choices import (
    NEGOTIATION_OUTCOME_COLOURS,
    NegotiationOutcome,
    QuoteLineKind,
    QuoteStatus,
)
from servicebook.sales.models import (
    NegotiationRound,
    Quote,
    QuoteApproval,
    QuoteLine,
    QuoteStatusChange,
)
from servicebook.sales.money_words import yuan_in_words

# Two lines (Chinese over English) so the whole mark fits across an A4 page.
PREVIEW_WATERMARK = "未审批 · 内部预览\nNOT APPROVED · INTERNAL PREVIEW"
QUOTE_SCOPES = ("mine", "awaiting")


# ---------------------------------------------------------------- the list


def quote_list(user: User, params: Any) -> QuerySet[Quote]:
    """Quotes the user may see, newest first, searched by number or client and filtered by
    status, department and scope (``mine``: written by me or for my clients; ``awaiting``:
    waiting for my decision). Each row carries its client, department and author."""
    quotes = Quote.objects.visible_to(user)
    if text := (params.get("q") or "").strip():
        for word in text.split():
            quotes = quotes.filter(
                Q(number__icontains=word)
                | Q(title__icontains=word)
                | Q(client__legal_name__icontains=word)
                | Q(client__short_name__icontains=word)
            )
    if (status := params.get("status")) in QuoteStatus.values:
        quotes = quotes.filter(status=status)
    if (department := params.get("department") or "").isdigit():
        quotes = quotes.filter(client__department_id=int(department))
    scope = params.get("scope")
    if scope == "mine":
        quotes = quotes.filter(Q(author=user) | Q(client__owner=user))
    elif scope == "awaiting":
        quotes = quotes & Quote.objects.awaiting_approval_by(user)
    return quotes.select_related("client__department", "author").order_by("-created_at", "-id")


@dataclass
class QuoteFilter:
    """One filter of the quote list: its parameter, label, options and the chosen value."""

    name: str
    label: Any
    options: list[tuple[str, str]]
    value: str

    @property
    def active_label(self) -> str:
        return next((label for value, label in self.options if value == self.value), "")


def quote_list_filters(user: User, params: Any) -> list[QuoteFilter]:
    """Status and scope for everyone; department and "waiting for me" for managers."""
    scopes = [("mine", str(_("Mine")))]
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = [
        ("status", _("Status"), [(v, str(label)) for v, label in QuoteStatus.choices]),
    ]
    if user.is_manager:
        departments = Department.objects.all()
        if not user.is_general_manager:
            departments = departments.filter(pk__in=user.managed_department_ids)
        specs.append(("department", _("Department"), [(str(d.pk), d.name) for d in departments]))
        scopes.append(("awaiting", str(_("Waiting for my approval"))))
    specs.append(("scope", _("Show"), scopes))
    return [QuoteFilter(n, label, opts, params.get(n, "")) for n, label, opts in specs]


# ---------------------------------------------------------------- one quote


def quote_detail(user: User, pk: int) -> Quote:
    """One quote the user may see, with its lines, decisions and history (404 otherwise)."""
    return get_object_or_404(
        Quote.objects.visible_to(user)
        .select_related("client__department", "client__owner", "author", "supersedes")
        .prefetch_related(
            Prefetch("lines", queryset=_lines()),
            Prefetch("approvals", queryset=QuoteApproval.objects.select_related("decided_by")),
            Prefetch("status_changes", queryset=_changes()),
            Prefetch("superseded_by", queryset=Quote.objects.only("id", "number", "client_id")),
        ),
        pk=pk,
    )


def _lines() -> QuerySet[QuoteLine]:
    return QuoteLine.objects.select_related("service_line", "deliverable")


def _changes() -> QuerySet[QuoteStatusChange]:
    return QuoteStatusChange.objects.select_related("actor")


def quote_for_client_page(user: User, pk: int) -> Quote:
    """A quote the user may see, for a page that shows only its header (404 otherwise)."""
    return get_object_or_404(
        Quote.objects.visible_to(user).select_related("client__department", "author"), pk=pk
    )


@dataclass
class QuoteActions:
    """What THIS user may do with the quote now (the pages offer nothing else)."""

    edit: bool
    submit: bool
    withdraw: bool
    approve: bool
    send: bool
    answer: bool
    new_version: bool

    @property
    def any(self) -> bool:
        return any(vars(self).values())


def quote_actions(user: User, quote: Quote) -> QuoteActions:
    """The actions open to ``user`` on ``quote``, computed with the predicates."""
    return QuoteActions(
        edit=can.can_edit_quote(user, quote),
        submit=can.can_submit(user, quote),
        withdraw=can.can_withdraw(user, quote),
        approve=can.can_approve_quote(user, quote),
        send=can.can_send(user, quote),
        answer=can.can_record_answer(user, quote),
        new_version=can.can_new_version(user, quote),
    )


def quote_form_catalog() -> tuple[list[ServiceLine], list[Deliverable]]:
    """The services and deliverables a quote line may name (offered services only)."""
    services = list(ServiceLine.objects.filter(is_active=True))
    deliverables = list(Deliverable.objects.filter(service_line__is_active=True))
    return services, deliverables


def current_fee_rate() -> Decimal:
    """The agency's event-execution fee rate now (a new fee line is quoted at it)."""
    return AgencySettings.current().execution_fee_rate


def quotable_client(user: User, pk: int) -> Client:
    """A client the user may see, for the new-quote page (404 otherwise)."""
    return get_object_or_404(Client.objects.visible_to(user).select_related("department"), pk=pk)


# ---------------------------------------------------------------- the client-facing document


@dataclass
class QuoteDocument:
    """The quote as the client reads it, or an internal preview when not approved."""

    quote: Quote
    is_preview: bool
    language: str
    lines: list[QuoteLine]
    contact: Contact | None
    agency: AgencySettings
    template_name: str = "sales/quote_document.html"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def watermark(self) -> str | None:
        """Printed across every page of a preview; nothing on the real document."""
        return PREVIEW_WATERMARK if self.is_preview else None

    @property
    def filename(self) -> str:
        """The download name says "preview" unless the document may go to the client."""
        suffix = "-internal-preview" if self.is_preview else ""
        return f"{self.quote.number}{suffix}.pdf"

    @property
    def total_in_words(self) -> str:
        return yuan_in_words(self.quote.total)

    def context(self) -> dict[str, Any]:
        """What ``sales/quote_document.html`` renders."""
        return {
            "document": self,
            "quote": self.quote,
            "lines": self.lines,
            "client": self.quote.client,
            "contact": self.contact,
            "agency": self.agency,
            "is_preview": self.is_preview,
            "watermark": self.watermark,
            "total_in_words": self.total_in_words,
            "document_title": self.quote.number,
            "issued_on": timezone.localdate(self.quote.sent_at)
            if self.quote.sent_at
            else timezone.localdate(),
            **self.extra,
        }


def document_language(user: User, requested: str | None) -> str:
    """``?lang=`` when it names a language we have, else the person's own language."""
    codes = [code for code, _name in settings.LANGUAGES]
    if requested in codes:
        return str(requested)
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def quote_document(user: User, quote: Quote, language: str | None = None) -> QuoteDocument:
    """The printable quote: the real document only for approved content (approved, sent,
    accepted, declined); otherwise an internal preview with a watermark on every page and
    no signature blocks. Raises 404 if the user may not see the quote."""
    if not can.can_view_quote(user, quote):
        raise Http404
    contact = Contact.objects.filter(client_id=quote.client_id, is_primary=True).first()
    return QuoteDocument(
        quote=quote,
        is_preview=not can.can_show_to_client(quote),
        language=document_language(user, language),
        lines=list(_lines().filter(quote=quote)),
        contact=contact,
        agency=AgencySettings.current(),
    )


def fee_line(lines: list[QuoteLine]) -> QuoteLine | None:
    """The event-execution fee line among ``lines``, if any."""
    return next((line for line in lines if line.kind == QuoteLineKind.EXECUTION_FEE), None)


# ---------------------------------------------------------------- the client page


@dataclass
class ClientQuotePanel:
    """What the quotes and negotiation panels of the client page need beyond the quotes."""

    can_create_quote: bool
    can_log_negotiation: bool
    rounds: list[NegotiationRound]
    discussable_quotes: list[Quote]
    form: Any = None  # the negotiation form, added by the template tag


def client_quote_panel(user: User, client: Client, quotes: list[Quote]) -> ClientQuotePanel:
    """Whether the user may quote or log a round for the client, and its rounds so far."""
    rounds = list(
        NegotiationRound.objects.filter(client=client)
        .select_related("by", "reported_to", "quote")
        .order_by("-number")
    )
    for r in rounds:
        r.outcome_label = NegotiationOutcome(r.outcome).label  # type: ignore[attr-defined]
        r.outcome_colour = choice_colour(NEGOTIATION_OUTCOME_COLOURS, r.outcome)  # type: ignore[attr-defined]
    return ClientQuotePanel(
        can_create_quote=can.can_create_quote(user, client),
        can_log_negotiation=can.can_log_negotiation(user, client),
        rounds=rounds,
        discussable_quotes=[q for q in quotes if can.can_show_to_client(q)],
    )
