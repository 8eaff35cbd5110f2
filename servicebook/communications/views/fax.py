"""Fax sheet pages (传真纸): my fax sheets and my projects', writing one, one sheet, its
print view and PDF, issuing a copy.

Sheets come through ``FaxSheet.objects.visible_to`` (a hidden one is a 404); writing and
changing go through ``services.fax``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.communications import documents as forms_registry
from servicebook.communications.documents.contexts import primary_contact
from servicebook.communications.forms.fax import FaxSheetForm
from servicebook.communications.models import DocumentKind, FaxSheet
from servicebook.communications.selectors import documents as selectors
from servicebook.communications.services import fax as services
from servicebook.communications.views.documents import issue_copy, print_toolbar
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.delivery.selectors.work_orders import serves_on_team
from servicebook.documents.responses import pdf_response
from servicebook.projects.models import Project


def fax_list(request: AuthenticatedRequest) -> HttpResponse:
    """My fax sheets and those of the projects I see, newest first; search, mine only."""
    page = paginate(request, selectors.fax_list(request.user, request.GET))
    context = {"page": page, "mine": request.GET.get("mine") == "1"}
    if request.htmx:
        return render(request, "communications/fax_list.html#results", context)
    return render(request, "communications/fax_list.html", context)


def fax_create(request: AuthenticatedRequest) -> HttpResponse:
    """Write a fax sheet; ``?project=<id>`` fills in the client and its primary contact."""
    project = selectors.fax_project(request.user, request.GET.get("project"))
    if not services.can_write_fax(request.user, project, on_team=_on_team(request, project)):
        raise Forbidden
    if request.method == "POST":
        form = FaxSheetForm(request.POST)
        if form.is_valid():
            try:
                fax = services.fax_sheet_create(
                    actor=request.user, data=form.to_input(), project=project
                )
            except PermissionDenied as error:
                raise Forbidden(str(error.message)) from error
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, gettext("Fax sheet %(number)s written.") % {"number": fax.number}
                )
                return redirect("communications:fax_sheet", fax.pk)
        return _form_page(request, form, project=project, status=400)
    return _form_page(request, FaxSheetForm(initial=_new_initial(request, project)), project)


def fax_sheet(request: AuthenticatedRequest, fax_pk: int) -> HttpResponse:
    """One fax sheet as it will print, its copies issued, and the way to change it."""
    fax = selectors.fax_sheet(request.user, fax_pk)
    context = {
        "fax": fax,
        "urgency": forms_registry.urgency_boxes(fax.urgency or []),
        "may_edit": services.can_edit_fax(
            request.user, fax, on_team=_on_team(request, fax.project)
        ),
        "issued": selectors.issued_copies([DocumentKind.FAX_SHEET], fax.pk),
    }
    return render(request, "communications/fax_sheet.html", context)


def fax_edit(request: AuthenticatedRequest, fax_pk: int) -> HttpResponse:
    """Change a fax sheet (copies already issued keep what they said)."""
    fax = selectors.fax_sheet(request.user, fax_pk)
    if not services.can_edit_fax(request.user, fax, on_team=_on_team(request, fax.project)):
        raise Forbidden
    if request.method == "POST":
        form = FaxSheetForm(request.POST)
        if form.is_valid():
            try:
                services.fax_sheet_update(actor=request.user, fax=fax, data=form.to_input())
            except PermissionDenied as error:
                raise Forbidden(str(error.message)) from error
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, gettext("Fax sheet saved."))
                return redirect("communications:fax_sheet", fax.pk)
        return _form_page(request, form, fax=fax, project=fax.project, status=400)
    form = FaxSheetForm(initial=FaxSheetForm.initial_of(fax))
    return _form_page(request, form, fax=fax, project=fax.project)


def fax_print(request: AuthenticatedRequest, fax_pk: int) -> HttpResponse:
    """The fax sheet on the letterhead in the browser (``?lang=``)."""
    fax = selectors.fax_sheet(request.user, fax_pk)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    toolbar = print_toolbar(
        request,
        language,
        pdf_url=reverse("communications:fax_pdf", args=[fax.pk]),
        issue_url=reverse("communications:fax_issue", args=[fax.pk]),
        back_url=reverse("communications:fax_sheet", args=[fax.pk]),
    )
    html = forms_registry.render_document_html(DocumentKind.FAX_SHEET, fax, language, toolbar)
    return HttpResponse(html)


def fax_pdf(request: AuthenticatedRequest, fax_pk: int) -> HttpResponse:
    """The fax sheet as a PDF, made in the request (one or two pages)."""
    fax = selectors.fax_sheet(request.user, fax_pk)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    pdf = forms_registry.render_document(DocumentKind.FAX_SHEET, fax, language)
    with translation.override(language):
        name = forms_registry.printable(DocumentKind.FAX_SHEET).file_name(fax)
    return pdf_response(pdf, name)


@require_POST
def fax_issue(request: AuthenticatedRequest, fax_pk: int) -> HttpResponse:
    """Keep a copy of the fax sheet as it reads now; on to the copy's page."""
    fax = selectors.fax_sheet(request.user, fax_pk)
    back = reverse("communications:fax_sheet", args=[fax.pk])
    return issue_copy(request, DocumentKind.FAX_SHEET, fax, back)


def _form_page(
    request: AuthenticatedRequest,
    form: FaxSheetForm,
    project: Project | None,
    *,
    fax: FaxSheet | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "fax": fax, "project": project}
    return render(request, "communications/fax_form.html", context, status=status)


def _new_initial(request: AuthenticatedRequest, project: Project | None) -> dict[str, Any]:
    initial = FaxSheetForm.initial_for(
        services.fax_defaults(request.user),
        project.client.legal_name if project else "",
        primary_contact(project.client_id) if project else None,
    )
    initial["sent_on"] = timezone.localdate().isoformat()
    return initial


def _on_team(request: AuthenticatedRequest, project: Project | None) -> bool:
    return project is not None and serves_on_team(request.user, project)
