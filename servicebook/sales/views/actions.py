"""The journey's actions on the client page: POST only, one service each, back to the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.clients.choices import ClientStatus as C
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError
from servicebook.sales import services
from servicebook.sales.forms import AbandonForm, AssignForm, FollowUpForm, MoveForm, NoteForm

MoveService = Callable[..., Any]
MOVE_SERVICES: dict[str, MoveService] = {
    C.BROCHURE_SENT: services.client_send_brochure,
    C.REGISTERED: services.client_mark_registered,
    C.RESEARCHING: services.client_start_research,
    C.PROPOSAL: services.client_submit_proposal,
    C.REPORTED: services.client_report,
    C.NEGOTIATING: services.client_start_negotiation,
}


def _move_service(status: str, target: str) -> MoveService:
    """The service that makes the move (two lead back to following up)."""
    if target == C.FOLLOWING_UP:
        if status == C.ASSIGNED:
            return services.client_start_follow_up
        return services.client_back_to_follow_up
    return MOVE_SERVICES[target]


def _client(request: AuthenticatedRequest, pk: int) -> Client:
    """The client if the user may see it; 404 otherwise (hidden clients do not exist)."""
    return get_object_or_404(Client.objects.visible_to(request.user), pk=pk)


def _back(request: AuthenticatedRequest, client: Client) -> HttpResponse:
    """Back to where the form was (a safe ``next``), else the client page."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if safe else reverse("clients:detail", args=[client.pk]))


def _act(
    request: AuthenticatedRequest,
    client: Client,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Validate, call the service, say what happened (or why not) and go back."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request, client)
    try:
        action(form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return _back(request, client)


@require_POST
def client_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move the client to the stage of the button pressed."""
    client = _client(request, pk)
    form = MoveForm(request.POST)
    target = request.POST.get("to", "")
    label = C(target).label if target in C.values else ""

    def move(data: dict[str, Any]) -> object:
        service = _move_service(client.status, data["to"])
        return service(actor=request.user, client=client, note=data["note"])

    message = _("The client moved to “%(stage)s”.") % {"stage": label}
    return _act(request, client, form, move, message)


@require_POST
def client_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give the client an owner (department manager or GM)."""
    client = _client(request, pk)
    form = AssignForm(request.POST)

    def assign(data: dict[str, Any]) -> object:
        return services.client_assign(
            actor=request.user, client=client, owner=data["owner"], note=data["note"]
        )

    owner = form.cleaned_data["owner"] if form.is_valid() else ""
    message = _("%(client)s is now followed up by %(owner)s.") % {
        "client": client.display_name,
        "owner": owner,
    }
    return _act(request, client, form, assign, message)


@require_POST
def client_abandon(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give the client up, with a reason."""
    client = _client(request, pk)

    def abandon(data: dict[str, Any]) -> object:
        return services.client_abandon(
            actor=request.user, client=client, reason=data["reason"], note=data["note"]
        )

    message = _("The client was abandoned; it can be reopened later.")
    return _act(request, client, AbandonForm(request.POST), abandon, message)


@require_POST
def client_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Reopen an abandoned client."""
    client = _client(request, pk)

    def reopen(data: dict[str, Any]) -> object:
        return services.client_reopen(actor=request.user, client=client, note=data["note"])

    return _act(request, client, NoteForm(request.POST), reopen, _("The client was reopened."))


@require_POST
def follow_up_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Log a call, visit, fax … with the next follow-up date."""
    client = _client(request, pk)

    def log(data: dict[str, Any]) -> object:
        return services.follow_up_log(
            actor=request.user,
            client=client,
            kind=data["kind"],
            summary=data["summary"],
            happened_at=data["happened_at"],
            next_follow_up_on=data["next_follow_up_on"],
        )

    return _act(request, client, FollowUpForm(request.POST), log, _("Follow-up logged."))


@require_POST
def check_in(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The manager's check-in (过问)."""
    client = _client(request, pk)

    def log(data: dict[str, Any]) -> object:
        return services.check_in_log(actor=request.user, client=client, note=data["note"])

    return _act(request, client, NoteForm(request.POST), log, _("Check-in recorded."))
