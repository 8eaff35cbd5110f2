"""Quote pages: the list, one quote, the form, the moves, the print view and the PDF.

Every quote is fetched through ``visible_to`` (a hidden quote is a 404); every change is
one service call; the print view and the PDF both take the document from
``quote_document``, which alone decides between the real document and the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.documents.pdf import render_pdf, render_print_html
from servicebook.sales import quote_permissions as can
from servicebook.sales import quote_selectors as selectors
from servicebook.sales import services
from servicebook.sales.forms_quotes import (
    Catalog,
    DecisionForm,
    ExecutionFeeForm,
    NoteForm,
    QuoteForm,
    QuoteLineForm,
    QuoteLineFormSet,
)
from servicebook.sales.models import Quote


def quote_list(request: AuthenticatedRequest) -> HttpResponse:
    """Quotes the user may see: search, filters, pagination; HTMX asks for the results."""
    user = request.user
    page = paginate(request, selectors.quote_list(user, request.GET))
    context = {"page": page, "filters": selectors.quote_list_filters(user, request.GET)}
    template = "sales/quote_list.html#results" if request.htmx else "sales/quote_list.html"
    return render(request, template, context)


def quote_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One quote: lines, totals, decisions, history, and the moves open to this user."""
    quote = selectors.quote_detail(request.user, pk)
    context = {
        "quote": quote,
        "actions": selectors.quote_actions(request.user, quote),
        "fee": selectors.fee_line(list(quote.lines.all())),
        "decision_form": DecisionForm(),
        "note_form": NoteForm(),
        "client_visible": can.can_show_to_client(quote),
    }
    return render(request, "sales/quote_detail.html", context)


def quote_new(request: AuthenticatedRequest) -> HttpResponse:
    """Write a new draft quote for the client named by ``?client=``."""
    client_id = request.GET.get("client") or request.POST.get("client") or ""
    if not client_id.isdigit():
        raise Http404
    client = selectors.quotable_client(request.user, int(client_id))
    if not can.can_create_quote(request.user, client):
        messages.warning(
            request,
            _(
                "Quotes are written while the client is followed up, at proposal, reported or "
                "in negotiation."
            ),
        )
        return redirect("clients:detail", pk=client.pk)
    forms = _QuoteForms(request, None)
    if request.method == "POST" and forms.is_valid():
        try:
            header = forms.header.to_input()
            quote = services.quote_create(
                actor=request.user, client=client, lines=forms.lines(), **vars(header)
            )
        except DomainError as error:
            forms.show(error)
        else:
            messages.success(request, _("Quote %(no)s saved as a draft.") % {"no": quote.number})
            return redirect("sales:quote_detail", pk=quote.pk)
    return render(request, "sales/quote_form.html", {**forms.context(), "client": client})


def quote_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a draft, rejected or approved quote (a decided quote goes back to draft)."""
    quote = selectors.quote_detail(request.user, pk)
    if not can.can_edit_quote(request.user, quote):
        messages.error(request, _("This quote cannot be edited now."))
        return redirect("sales:quote_detail", pk=quote.pk)
    forms = _QuoteForms(request, quote)
    if request.method == "POST" and forms.is_valid():
        try:
            header = forms.header.to_input()
            services.quote_update(
                actor=request.user, quote=quote, lines=forms.lines(), **vars(header)
            )
        except DomainError as error:
            forms.show(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("sales:quote_detail", pk=quote.pk)
    return render(request, "sales/quote_form.html", {**forms.context(), "client": quote.client})


Move = Callable[[AuthenticatedRequest, Quote, dict[str, Any]], Any]


def _decide(approve: bool) -> Move:
    def move(request: AuthenticatedRequest, quote: Quote, data: dict[str, Any]) -> Any:
        service = services.quote_approve if approve else services.quote_reject
        return service(actor=request.user, quote=quote, comment=data.get("comment", ""))

    return move


def _simple(service: Callable[..., Any]) -> Move:
    def move(request: AuthenticatedRequest, quote: Quote, data: dict[str, Any]) -> Any:
        return service(actor=request.user, quote=quote, note=data.get("note", ""))

    return move


MOVES: dict[str, tuple[Move, Any]] = {
    "submit": (_simple(services.quote_submit), _("Quote submitted for approval.")),
    "withdraw": (_simple(services.quote_withdraw), _("Quote withdrawn; it is a draft again.")),
    "approve": (_decide(True), _("Quote approved.")),
    "reject": (_decide(False), _("Quote rejected.")),
    "send": (_simple(services.quote_mark_sent), _("Quote marked as sent to the client.")),
    "accept": (_simple(services.quote_mark_accepted), _("The client accepted the quote.")),
    "decline": (_simple(services.quote_mark_declined), _("The client declined the quote.")),
    "new-version": (
        lambda request, quote, data: services.quote_new_version(actor=request.user, quote=quote),
        _("A new version was written; the old quote is superseded."),
    ),
}


@require_POST
def quote_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """One move of the quote (the button pressed), then back to the quote."""
    if action not in MOVES:
        raise Http404
    quote = selectors.quote_for_client_page(request.user, pk)
    move, success = MOVES[action]
    data = {"comment": request.POST.get("comment", ""), "note": request.POST.get("note", "")}
    try:
        result = move(request, quote, data)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("sales:quote_detail", pk=quote.pk)
    messages.success(request, str(success))
    target = result if isinstance(result, Quote) and result.pk != quote.pk else quote
    return redirect("sales:quote_detail", pk=target.pk)


def quote_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The client-facing document in the browser (``?lang=en`` for English)."""
    quote = selectors.quote_for_client_page(request.user, pk)
    document = selectors.quote_document(request.user, quote, request.GET.get("lang"))
    with translation.override(document.language):
        html = render_print_html(
            document.template_name, document.context(), watermark=document.watermark
        )
    return HttpResponse(html)


def quote_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The same document as a PDF; a preview's file name says so."""
    quote = selectors.quote_for_client_page(request.user, pk)
    document = selectors.quote_document(request.user, quote, request.GET.get("lang"))
    with translation.override(document.language):
        pdf = render_pdf(document.template_name, document.context(), watermark=document.watermark)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


class _QuoteForms:
    """The header form, the lines formset and the execution-fee form, bound or not."""

    def __init__(self, request: AuthenticatedRequest, quote: Quote | None) -> None:
        data = request.POST if request.method == "POST" else None
        lines = list(quote.lines.all()) if quote else []
        fee = selectors.fee_line(lines)
        self.catalog = Catalog.of(*selectors.quote_form_catalog())
        self.quote = quote
        self.header = QuoteForm(data, initial=QuoteForm.initial_of(quote) if quote else None)
        self.rows = QuoteLineFormSet(
            data,
            prefix="lines",
            initial=[QuoteLineForm.initial_of(line) for line in lines if line is not fee],
            form_kwargs={"catalog": self.catalog},
        )
        self.fee = ExecutionFeeForm(data, prefix="fee", initial=ExecutionFeeForm.initial_of(fee))
        self.fee_rate = fee.fee_rate if fee else selectors.current_fee_rate()
        self.fee_kept = fee is not None

    def is_valid(self) -> bool:
        return all([self.header.is_valid(), self.rows.is_valid(), self.fee.is_valid()])

    def lines(self) -> list[services.QuoteLineInput]:
        rows = [form.to_input() for form in self.rows.forms]
        fee = self.fee.to_input()
        return [line for line in [*rows, fee] if line is not None]

    def show(self, error: DomainError) -> None:
        if error.field == "event_cost":
            add_domain_error(self.fee, error)
        else:
            add_domain_error(self.header, error)

    def context(self) -> dict[str, Any]:
        return {
            "form": self.header,
            "rows": self.rows,
            "fee_form": self.fee,
            "fee_rate": self.fee_rate,
            "fee_kept": self.fee_kept,
            "quote": self.quote,
        }
