"""Template helpers of the quote pages: the fee rate as a percentage, the client-page panel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from servicebook.sales.forms_quotes import NegotiationRoundForm
from servicebook.sales.quote_selectors import ClientQuotePanel, client_quote_panel

register = template.Library()


@register.filter
def percent(rate: Decimal | None) -> str:
    """``Decimal("0.1500")`` → ``15%`` (exact: ``0.125`` → ``12.5%``)."""
    if rate is None:
        return ""
    value = (rate * 100).normalize()
    return f"{value:f}%"


@register.simple_tag(takes_context=True)
def quote_panel(context: dict[str, Any], client: Any, quotes: list[Any]) -> ClientQuotePanel:
    """What the client page's quote and negotiation panels offer THIS user.

    The reporting view gives the page ``client`` and ``quotes``; the predicates decide
    whether the "New quote" button and the negotiation form appear.
    """
    panel = client_quote_panel(context["request"].user, client, quotes)
    panel.form = NegotiationRoundForm(quotes=panel.discussable_quotes)
    return panel
