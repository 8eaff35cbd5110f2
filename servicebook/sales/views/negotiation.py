"""Logging a negotiation round from the client page (POST only, back to the page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.core.errors import DomainError
from servicebook.sales import quote_permissions as can
from servicebook.sales import quote_selectors as selectors
from servicebook.sales import services
from servicebook.sales.forms_quotes import NegotiationRoundForm
from servicebook.sales.selectors import client_quotes


@require_POST
def negotiation_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Log the next negotiation round; the department manager is told."""
    client = selectors.quotable_client(request.user, pk)
    quotes = [q for q in client_quotes(request.user, client) if can.can_show_to_client(q)]
    form = NegotiationRoundForm(request.POST, quotes=quotes)
    back = HttpResponseRedirect(reverse("clients:detail", args=[client.pk]) + "#negotiation")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return back
    data = form.cleaned_data
    try:
        round_ = services.negotiation_round_log(
            actor=request.user,
            client=client,
            held_on=data["held_on"],
            outcome=data["outcome"],
            summary=data["summary"],
            next_step=data["next_step"],
            quote=form.chosen_quote(),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("Negotiation round %(n)s logged and reported.") % {"n": round_.number}
        )
    return back
