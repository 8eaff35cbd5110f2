"""The request type of signed-in pages (every page but sign-in and the health check)."""

from __future__ import annotations

from django.http import HttpRequest

from servicebook.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request whose user is signed in (LoginRequiredMiddleware guarantees it)."""

    user: User  # type: ignore[assignment]
    htmx: bool
