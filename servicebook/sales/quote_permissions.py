"""Who may do what with a quote (SPEC §4, §11): pure functions of the user and the quote.

Used by the services (which refuse) and by the pages (which offer only what is allowed).
They read fields already on the objects — ``quote.client`` should be loaded with the
quote — so they can be tested without a database.

Decisions:
- A quote may be written by whoever may see the client (its owner, the department's manager,
  the GM) while the client is in a stage where quoting makes sense (``QUOTABLE_STAGES``).
- The content (edit, submit, withdraw, new version) belongs to the quote's author and the
  client's owner; managers decide on it, so they do not rewrite someone else's quote.
- Approval is by the manager of the CLIENT's department or the GM, never by the author.
- Sending and recording the client's answer: the author, the owner, or a manager who sees
  the client — but only once a manager approved the content (the workflow checks that).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicebook.clients.choices import ClientStatus
from servicebook.sales.choices import CLIENT_VISIBLE_QUOTE_STATUSES, QuoteStatus

if TYPE_CHECKING:
    from servicebook.clients.models import Client
    from servicebook.sales.models import Quote

# Quotes are written once the client is followed up, and until the contract is signed.
QUOTABLE_STAGES = frozenset(
    {
        ClientStatus.FOLLOWING_UP,
        ClientStatus.PROPOSAL,
        ClientStatus.REPORTED,
        ClientStatus.NEGOTIATING,
    }
)
# Negotiation rounds are logged once the intent is reported and while negotiating.
NEGOTIATION_STAGES = frozenset({ClientStatus.REPORTED, ClientStatus.NEGOTIATING})
# The content of a quote can change in these statuses (approved/rejected go back to draft).
EDITABLE_QUOTE_STATUSES = frozenset({QuoteStatus.DRAFT, QuoteStatus.REJECTED, QuoteStatus.APPROVED})
# A new version may replace any quote the client has not accepted (see QUOTE_WORKFLOW).
REPLACEABLE_QUOTE_STATUSES = frozenset(
    {
        QuoteStatus.DRAFT,
        QuoteStatus.SUBMITTED,
        QuoteStatus.APPROVED,
        QuoteStatus.REJECTED,
        QuoteStatus.SENT,
        QuoteStatus.DECLINED,
    }
)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _sees_client(user: Any, client: Client) -> bool:
    """The confidentiality rule of ``Client.objects.visible_to``, for one loaded client."""
    if not _active(user):
        return False
    if user.is_general_manager:
        return True
    return client.owner_id == user.pk or client.department_id in user.managed_department_ids


def _manages_client(user: Any, client: Client) -> bool:
    """The GM, or the manager of the client's department."""
    return _active(user) and (
        user.is_general_manager or client.department_id in user.managed_department_ids
    )


def _holds_content(user: Any, quote: Quote) -> bool:
    """The quote's author or the client's owner."""
    return _active(user) and user.pk in (quote.author_id, quote.client.owner_id)


def can_create_quote(user: Any, client: Client) -> bool:
    """Whether ``user`` may write a new quote for ``client`` now."""
    return _sees_client(user, client) and client.status in QUOTABLE_STAGES


def can_view_quote(user: Any, quote: Quote) -> bool:
    """Whoever may see the client may see its quotes (SPEC §11)."""
    return _sees_client(user, quote.client)


def can_edit_quote(user: Any, quote: Quote) -> bool:
    """The author or the client's owner, while the quote is draft, rejected or approved."""
    return quote.status in EDITABLE_QUOTE_STATUSES and _holds_content(user, quote)


def can_submit(user: Any, quote: Quote) -> bool:
    """The author or the client's owner may put a draft before the manager."""
    return quote.status == QuoteStatus.DRAFT and _holds_content(user, quote)


def can_withdraw(user: Any, quote: Quote) -> bool:
    """Whoever may submit may take a quote back before it is decided."""
    return quote.status == QuoteStatus.SUBMITTED and _holds_content(user, quote)


def can_approve_quote(user: Any, quote: Quote) -> bool:
    """The manager of the client's department or the GM — never the quote's author."""
    return (
        quote.status == QuoteStatus.SUBMITTED
        and user.pk != quote.author_id
        and _manages_client(user, quote.client)
    )


def can_send(user: Any, quote: Quote) -> bool:
    """An approved quote is sent by its author, the client's owner or a manager."""
    return quote.status == QuoteStatus.APPROVED and _may_deal_with_client(user, quote)


def can_record_answer(user: Any, quote: Quote) -> bool:
    """Whoever may send a quote records whether the client accepted or declined it."""
    return quote.status == QuoteStatus.SENT and _may_deal_with_client(user, quote)


def can_new_version(user: Any, quote: Quote) -> bool:
    """The author or the owner may replace a quote the client has not accepted."""
    return (
        quote.status in REPLACEABLE_QUOTE_STATUSES
        and quote.client.status in QUOTABLE_STAGES
        and _holds_content(user, quote)
    )


def can_show_to_client(quote: Quote) -> bool:
    """Only approved content reaches the client (不得擅自报价)."""
    return quote.status in CLIENT_VISIBLE_QUOTE_STATUSES


def _may_deal_with_client(user: Any, quote: Quote) -> bool:
    return _holds_content(user, quote) or _manages_client(user, quote.client)


def can_log_negotiation(user: Any, client: Client) -> bool:
    """The client's owner or a manager who sees it logs a negotiation round."""
    return client.status in NEGOTIATION_STAGES and (
        (_active(user) and client.owner_id == user.pk) or _manages_client(user, client)
    )
