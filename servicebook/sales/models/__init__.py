"""The sales pipeline: stage history, follow-ups, negotiation rounds, quotes and approvals."""

from .activities import FollowUp
from .negotiation import NegotiationRound
from .pipeline import AbandonReason, StageChange
from .quotes import Quote, QuoteApproval, QuoteLine, QuoteStatusChange

__all__ = [
    "AbandonReason",
    "FollowUp",
    "NegotiationRound",
    "Quote",
    "QuoteApproval",
    "QuoteLine",
    "QuoteStatusChange",
    "StageChange",
]
