"""Every way sales data changes: the client's moves, follow-ups, quotes, negotiation."""

from .pipeline import client_mark_contracted

__all__ = ["client_mark_contracted"]
