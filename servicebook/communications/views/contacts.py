"""The daily contact log of a project: the log, logging a contact, the client's requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.communications.forms.contacts import ContactLogForm, RequestReplyForm
from servicebook.communications.permissions import may_write_communication
from servicebook.communications.selectors import contacts as selectors
from servicebook.communications.selectors.letters import letter_counts
from servicebook.communications.services.contacts import (
    client_request_reply,
    client_request_settle,
    contact_log_record,
)
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.delivery.selectors.work_orders import serves_on_team
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project


def project_contacts(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The contact log: the record form, the open client requests, responsiveness, the log."""
    return _page(request, selectors.communication_project(request.user, pk))


@require_POST
def contact_record_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Log a contact (and the requests the client raised in it)."""
    project = _writable_project(request, pk)
    form = ContactLogForm(request.POST, contacts=selectors.client_contacts(project))
    if form.is_valid():
        try:
            contact_log_record(actor=request.user, project=project, **form.service_kwargs())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Contact logged."))
            return redirect("communications:contacts", project.pk)
    return _page(request, project, form=form, status=400)


@require_POST
def request_reply_view(request: AuthenticatedRequest, pk: int, request_pk: int) -> HttpResponse:
    """Record the first reply to a client request."""
    project = _writable_project(request, pk)
    client_request = selectors.request_of(project, request_pk)
    form = RequestReplyForm(request.POST, prefix=_reply_prefix(request_pk))
    if form.is_valid():
        try:
            client_request_reply(
                actor=request.user,
                request=client_request,
                reply=form.cleaned_data["reply"],
                replied_at=form.cleaned_data["replied_at"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Reply recorded."))
            return redirect(_requests_url(project))
    return _page(request, project, reply_forms={request_pk: form}, status=400)


@require_POST
def request_settle_view(request: AuthenticatedRequest, pk: int, request_pk: int) -> HttpResponse:
    """Settle an answered client request: it leaves the open list."""
    project = _writable_project(request, pk)
    client_request = selectors.request_of(project, request_pk)
    try:
        client_request_settle(actor=request.user, request=client_request)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("Request settled."))
    return redirect(_requests_url(project))


def _writable_project(request: AuthenticatedRequest, pk: int) -> Project:
    """The project (404 if hidden) when the user may write on it (403 otherwise)."""
    project = selectors.communication_project(request.user, pk)
    if not _may_write(request, project):
        raise PermissionDenied
    return project


def _may_write(request: AuthenticatedRequest, project: Project) -> bool:
    on_team = serves_on_team(request.user, project)
    return may_write_communication(request.user, project, on_team=on_team)


def _reply_prefix(request_pk: int) -> str:
    return f"req-{request_pk}"


def _requests_url(project: Project) -> str:
    return reverse("communications:contacts", args=[project.pk]) + "#requests"


def _page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    form: ContactLogForm | None = None,
    reply_forms: dict[int, RequestReplyForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    now, today = timezone.now(), timezone.localdate()
    may_write = _may_write(request, project)
    requests = selectors.open_requests(project, now)
    if may_write:
        failed = reply_forms or {}
        for item in requests:
            prefix = _reply_prefix(item.pk)
            item.reply_form = failed.get(item.pk) or RequestReplyForm(prefix=prefix)  # type: ignore[attr-defined]
    context = {
        "project": project,
        "today": today,
        "may_write": may_write,
        "form": None,
        "requests": requests,
        "figures": selectors.responsiveness(project, now),
        "letters": letter_counts(project, today),
        "page": paginate(request, selectors.project_contact_logs(project)),
        "failed": status != 200,
    }
    # A closed project takes no new contact (a refused form still shows why).
    if may_write and (form is not None or project.status == ProjectStatus.ACTIVE):
        contacts = selectors.client_contacts(project)
        context["form"] = form or ContactLogForm(
            initial={"occurred_at": timezone.localtime(now).replace(second=0, microsecond=0)},
            contacts=contacts,
        )
    return render(request, "communications/contacts.html", context, status=status)
