"""Builders for the quote tests: a client at a quotable stage, a quote, a quote in any status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.clients.tests.helpers import register
from servicebook.sales import services
from servicebook.sales.models import Quote
from servicebook.sales.services import QuoteLineInput


def quotable_client(
    owner: User, stage: str = ClientStatus.NEGOTIATING, client_type: str = "mid", **fields: Any
) -> Client:
    """A client registered (and owned) by ``owner`` and put straight at ``stage``.

    A test shortcut past the journey's services. ``client_type="key"`` routes the client
    to the Key Account Center; "mid" to Marketing Business.
    """
    client = register(owner, client_type=client_type, **fields)
    Client.objects.filter(pk=client.pk).update(status=stage)
    client.refresh_from_db()
    return client


def a_service() -> ServiceLine:
    """The first service line of the seeded catalog."""
    service = ServiceLine.objects.order_by("position", "id").first()
    assert service is not None, "the catalog is seeded by a data migration"
    return service


def a_line(unit_price: str = "10000.00", quantity: str = "1", **fields: Any) -> QuoteLineInput:
    """A catalog service line priced as given."""
    return QuoteLineInput(
        service_line=a_service(),
        description=fields.pop("description", "市场调研"),
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
        unit=fields.pop("unit", "项"),
        **fields,
    )


def a_quote(author: User, client: Client, *lines: QuoteLineInput, **fields: Any) -> Quote:
    """A draft quote with one line unless told otherwise."""
    return services.quote_create(
        actor=author,
        client=client,
        title=fields.pop("title", "营销策划报价"),
        lines=list(lines) or [a_line()],
        **fields,
    )


def put_at(quote: Quote, status: str) -> Quote:
    """Force a quote into ``status`` (a test shortcut past the services)."""
    Quote.objects.filter(pk=quote.pk).update(status=status)
    quote.refresh_from_db()
    return quote


def approved(quote: Quote, author: User, approver: User) -> Quote:
    """Submit and approve the quote through the services."""
    services.quote_submit(actor=author, quote=quote)
    services.quote_approve(actor=approver, quote=quote, comment="同意")
    quote.refresh_from_db()
    return quote
