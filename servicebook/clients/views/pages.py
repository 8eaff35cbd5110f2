"""Client register pages: list, register, edit (the client page is composed in reporting)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.clients import selectors
from servicebook.clients.forms import (
    ClientForm,
    ContactFormSet,
    EditContactFormSet,
    PropertyFormSet,
    contact_initial,
    property_initial,
)
from servicebook.clients.models import Client
from servicebook.clients.services import DuplicatesFound, client_register, client_update
from servicebook.clients.views.filters import list_filters
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate


def client_list(request: AuthenticatedRequest) -> HttpResponse:
    """The register: search, filters, sorting, pagination; HTMX asks for the results only."""
    page = paginate(request, selectors.client_list(request.user, request.GET))
    context = {"page": page, "filters": list_filters(request), "sort": request.GET.get("sort", "")}
    template = "clients/list.html#results" if request.htmx else "clients/list.html"
    return render(request, template, context)


def client_register_view(request: AuthenticatedRequest) -> HttpResponse:
    """Register a new client; likely duplicates must be looked at and confirmed."""
    forms = _ClientForms(request, None)
    if request.method == "POST" and forms.is_valid():
        try:
            client = client_register(
                actor=request.user,
                confirm_duplicates=request.POST.get("confirm_duplicates") == "1",
                **forms.inputs(),
            )
        except DuplicatesFound as found:
            forms.candidates = found.candidates
        except DomainError as error:
            add_domain_error(forms.client, error)
        else:
            messages.success(
                request, _("Client %(no)s registered.") % {"no": client.registration_no}
            )
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/form.html", forms.context())


def client_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit a client file; every change lands in its history."""
    client = selectors.client_detail(request.user, pk)
    forms = _ClientForms(request, client)
    if request.method == "POST" and forms.is_valid():
        inputs = forms.inputs()
        try:
            client_update(actor=request.user, client=client, **inputs)
        except DomainError as error:
            add_domain_error(forms.client, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/form.html", forms.context())


class _ClientForms:
    """The client form with its contact and property formsets, bound or not."""

    def __init__(self, request: AuthenticatedRequest, client: Client | None) -> None:
        data = request.POST if request.method == "POST" else None
        user = request.user
        self.instance = client
        self.client = ClientForm(data, instance=client, user=user)
        formset = EditContactFormSet if client else ContactFormSet
        self.contacts = formset(
            data, prefix="contacts", initial=contact_initial(client) if client else None
        )
        self.properties = PropertyFormSet(
            data, prefix="properties", initial=property_initial(client) if client else None
        )
        self.candidates: list[Any] = []
        self.user = user

    def is_valid(self) -> bool:
        results = [self.client.is_valid(), self.contacts.is_valid(), self.properties.is_valid()]
        return all(results)

    def inputs(self) -> dict[str, Any]:
        contacts = [f.to_input() for f in self.contacts.forms]
        properties = [f.to_input() for f in self.properties.forms]
        return {
            "data": self.client.to_input(),
            "contacts": [c for c in contacts if c],
            "properties": [p for p in properties if p],
        }

    def context(self) -> dict[str, Any]:
        visible = set(
            Client.objects.visible_to(self.user)
            .filter(pk__in=[c.client.pk for c in self.candidates])
            .values_list("pk", flat=True)
        )
        return {
            "form": self.client,
            "contacts": self.contacts,
            "properties": self.properties,
            "client": self.instance,
            "candidates": self.candidates,
            "visible_candidates": visible,
        }
