"""Outbox pages: the emails I may see, one email's fate, retrying it, and "send by email".

The send page works for every form in ``services.outbox_send.SENDABLE``: it records the
sending, issues the PDF and queues the email in one transaction, then shows the message,
whose status follows the worker (the page polls while it is queued or sending).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.communications.forms.outbox import SendForm
from servicebook.communications.models import MessageStatus
from servicebook.communications.selectors import outbox as selectors
from servicebook.communications.selectors.documents import document_language
from servicebook.communications.services import outbox as services
from servicebook.communications.services.outbox_send import document_send, may_send_document
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.delivery.selectors.work_orders import serves_on_team

TABS = ("all", *MessageStatus.values)
# The project tab a send page sits under, by the kind of form it sends.
PROJECT_TABS = {
    "weekly_log": "logs",
    "monthly_log": "logs",
    "letter": "letters",
    "fax_sheet": "documents",
    "plan": "plan",
}
FINAL = (MessageStatus.SENT, MessageStatus.FAILED)

# ---------------------------------------------------------------- the outbox


def outbox_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every email I may see, newest first, by status, with what became of each."""
    user = request.user
    status = request.GET.get("status") or "all"
    project = None
    if (project_pk := request.GET.get("project") or "").isdigit():
        project = selectors.outbox_project(user, int(project_pk))
    page = paginate(request, selectors.outbox_list(user, request.GET))
    rows = list(page.object_list)
    counts = selectors.outbox_counts(user)
    context = {
        "page": page,
        "rows": rows,
        "retryable": selectors.retry_allowed(user, rows),
        "status": status if status in TABS else "all",
        "tabs": [
            {"key": key, "label": _tab_label(key), "count": counts[key]}
            for key in TABS
            if key == "all" or counts[key] or key == status
        ],
        "project": project,
    }
    if request.htmx:
        return render(request, "communications/outbox.html#results", context)
    return render(request, "communications/outbox.html", context)


def outbox_message(request: AuthenticatedRequest, message_pk: int) -> HttpResponse:
    """One email: to whom, what, the attachment, its status, attempts and the last error."""
    message = selectors.outbox_message(request.user, message_pk)
    context = {
        "email": message,
        "final": message.status in FINAL,
        "may_retry": message.pk in selectors.retry_allowed(request.user, [message]),
    }
    if request.htmx:
        return render(request, "communications/outbox_message.html#status", context)
    return render(request, "communications/outbox_message.html", context)


@require_POST
def outbox_retry_view(request: AuthenticatedRequest, message_pk: int) -> HttpResponse:
    """Queue a failed email again."""
    message = selectors.outbox_message(request.user, message_pk)
    try:
        services.outbox_retry(actor=request.user, message=message)
    except PermissionDenied as error:
        raise Forbidden(str(error.message)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, gettext("Queued again: it will be sent in a moment."))
    return redirect("communications:outbox_message", message.pk)


# ---------------------------------------------------------------- send by email


def send_view(request: AuthenticatedRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    """Send a form to the client as a PDF: choose recipients, language, subject, message."""
    target = selectors.send_target(request.user, pk, kind, record_pk)
    _check_may_send(request, target)
    contacts = selectors.send_contacts(target.project)
    if request.method != "POST":
        language = document_language(request.user, request.GET.get("lang"))
        initial = {
            "language": language,
            "contacts": [str(pk) for pk in selectors.default_recipients(target, contacts)],
            **selectors.send_defaults(target, language, request.user),
        }
        return _send_page(request, target, SendForm(initial=initial, contacts=contacts))
    form = SendForm(request.POST, contacts=contacts)
    if form.is_valid():
        data = form.cleaned_data
        try:
            message = document_send(
                actor=request.user,
                project=target.project,
                kind=target.kind,
                record=target.record,
                language=data["language"],
                recipients=form.addresses(),
                subject=data["subject"],
                body=data["body"],
            )
        except PermissionDenied as error:
            raise Forbidden(str(error.message)) from error
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                gettext("Queued for %(to)s: it will be sent in a moment.")
                % {"to": ", ".join(message.recipients)},
            )
            return redirect("communications:outbox_message", message.pk)
    return _send_page(request, target, form, status=400)


def _send_page(
    request: AuthenticatedRequest, target: selectors.SendTarget, form: SendForm, status: int = 200
) -> HttpResponse:
    language = form["language"].value()
    context: dict[str, Any] = {
        "target": target,
        "project": target.project,
        "form": form,
        "has_contacts": bool(form.contact_emails),
        "other_language": "en" if language != "en" else "zh-hans",
        "tab": PROJECT_TABS.get(target.kind, ""),
        "failed": status == 400,
    }
    return render(request, "communications/send.html", context, status=status)


def _check_may_send(request: AuthenticatedRequest, target: selectors.SendTarget) -> None:
    """The lead, the team, a manager or the GM; a draft log or letter, the lead or a manager."""
    on_team = serves_on_team(request.user, target.project)
    if not may_send_document(request.user, target.kind, target.record, on_team=on_team):
        raise Forbidden


def _tab_label(key: str) -> str:
    if key == "all":
        return gettext("All")
    return str(MessageStatus(key).label)
