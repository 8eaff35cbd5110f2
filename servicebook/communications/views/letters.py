"""Consultation letter pages: a project's letters with the draft form, and one letter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.communications.forms.letters import (
    LetterAnswerForm,
    LetterForm,
    LetterSendForm,
    LetterWithdrawForm,
)
from servicebook.communications.models import ConsultationLetter, LetterStatus
from servicebook.communications.permissions import may_write_communication, speaks_for_agency
from servicebook.communications.selectors import letters as selectors
from servicebook.communications.selectors.contacts import client_contacts, communication_project
from servicebook.communications.services import letters as services
from servicebook.core.actions import run_action
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.delivery.selectors.work_orders import serves_on_team
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project


def project_letters(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The project's letters (overdue ones in red) and, for who may, the draft form."""
    return _list_page(request, communication_project(request.user, pk))


@require_POST
def letter_draft_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Save a new draft; then on to the letter, where it is checked and sent."""
    project = communication_project(request.user, pk)
    if not _may_write(request, project):
        raise PermissionDenied
    form = LetterForm(request.POST, contacts=client_contacts(project))
    if form.is_valid():
        try:
            letter = services.letter_draft(
                actor=request.user, project=project, **form.service_kwargs()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Draft saved. Check it, then send it."))
            return redirect("communications:letter", project.pk, letter.pk)
    return _list_page(request, project, form=form, status=400)


def letter_detail(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """One letter: what it asks, where it stands, and the moves open to this person."""
    project = communication_project(request.user, pk)
    return _detail_page(request, project, selectors.letter_of(project, letter_pk))


@require_POST
def letter_update_view(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """Change a draft."""
    project, letter = _letter(request, pk, letter_pk, may=_may_write)
    form = LetterForm(request.POST, contacts=client_contacts(project))
    return _act(
        request,
        project,
        letter,
        form,
        "edit_form",
        lambda data: services.letter_update(
            actor=request.user, letter=letter, **form.service_kwargs()
        ),
        gettext("Draft saved."),
    )


@require_POST
def letter_send_view(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """Record that the draft was sent: it takes its number and its answer due date."""
    project, letter = _letter(request, pk, letter_pk, may=_may_send)
    form = LetterSendForm(request.POST)
    return _act(
        request,
        project,
        letter,
        form,
        "send_form",
        lambda data: services.letter_mark_sent(
            actor=request.user, letter=letter, sent_at=data["sent_at"]
        ),
        gettext("Letter sent."),
    )


@require_POST
def letter_answer_view(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """Record the client's written answer."""
    project, letter = _letter(request, pk, letter_pk, may=_may_write)
    form = LetterAnswerForm(request.POST)
    return _act(
        request,
        project,
        letter,
        form,
        "answer_form",
        lambda data: services.letter_record_answer(
            actor=request.user,
            letter=letter,
            answer=data["answer"],
            answered_at=data["answered_at"],
        ),
        gettext("Answer recorded."),
    )


@require_POST
def letter_withdraw_view(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """Withdraw a draft that will not be sent."""
    project, letter = _letter(request, pk, letter_pk, may=_may_send)
    form = LetterWithdrawForm(request.POST)
    return _act(
        request,
        project,
        letter,
        form,
        "withdraw_form",
        lambda data: services.letter_withdraw(actor=request.user, letter=letter, note=data["note"]),
        gettext("Draft withdrawn."),
    )


# ---------------------------------------------------------------- shared


def _may_write(request: AuthenticatedRequest, project: Project) -> bool:
    on_team = serves_on_team(request.user, project)
    return may_write_communication(request.user, project, on_team=on_team)


def _may_send(request: AuthenticatedRequest, project: Project) -> bool:
    return speaks_for_agency(request.user, project)


def _letter(
    request: AuthenticatedRequest, pk: int, letter_pk: int, *, may: Any
) -> tuple[Project, ConsultationLetter]:
    """The project and its letter (404 if hidden), when the user may act (403 otherwise)."""
    project = communication_project(request.user, pk)
    letter = selectors.letter_of(project, letter_pk)
    if not may(request, project):
        raise PermissionDenied
    return project, letter


def _act(
    request: AuthenticatedRequest,
    project: Project,
    letter: ConsultationLetter,
    form: Form,
    name: str,
    call: Any,
    done: str,
) -> HttpResponse:
    """Run one service with a valid form; show its error beside the form otherwise."""
    return run_action(
        request,
        form,
        call,
        success=done,
        done=lambda: redirect("communications:letter", project.pk, letter.pk),
        again=lambda bound: _detail_page(
            request, project, letter, failed={name: bound}, status=400
        ),
    )


def _list_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    form: LetterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    shown = request.GET.get("status") or None
    page = paginate(request, selectors.project_letters(project, shown, today))
    page.object_list = selectors.mark_lateness(page.object_list, today)
    may_write = _may_write(request, project)
    context = {
        "project": project,
        "today": today,
        "page": page,
        "shown": shown if shown in selectors.STATUS_FILTERS else None,
        "filters": _filters(),
        "counts": selectors.letter_counts(project, today),
        "may_write": may_write,
        "form": None,
        "failed": status != 200,
    }
    # A closed project takes no new letter (a refused form still shows why).
    if may_write and (form is not None or project.status == ProjectStatus.ACTIVE):
        context["form"] = form or LetterForm(contacts=client_contacts(project))
    return render(request, "communications/letters.html", context, status=status)


def _filters() -> list[tuple[str, str]]:
    return [
        ("draft", gettext("Drafts")),
        ("sent", gettext("Waiting for the answer")),
        ("overdue", gettext("Overdue")),
        ("answered", gettext("Answered")),
        ("withdrawn", gettext("Withdrawn")),
    ]


def _detail_page(
    request: AuthenticatedRequest,
    project: Project,
    letter: ConsultationLetter,
    *,
    failed: dict[str, Form | None] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    selectors.mark_lateness([letter], today)
    context: dict[str, Any] = {
        "project": project,
        "letter": letter,
        "today": today,
        "history": selectors.letter_history(letter),
        "failed": bool(failed),
        **_action_forms(request, project, letter),
        **(failed or {}),
    }
    return render(request, "communications/letter.html", context, status=status)


def _action_forms(
    request: AuthenticatedRequest, project: Project, letter: ConsultationLetter
) -> dict[str, Form | None]:
    """The forms of the moves this person may make on the letter in its status."""
    forms: dict[str, Form | None] = {
        "edit_form": None,
        "send_form": None,
        "answer_form": None,
        "withdraw_form": None,
    }
    may_write, may_send = _may_write(request, project), _may_send(request, project)
    if letter.status == LetterStatus.DRAFT:
        if may_write:
            initial = {
                "addressee": letter.addressee_id or "",
                "addressee_name": "" if letter.addressee_id else letter.addressee_name,
                "subject": letter.subject,
                "body": letter.body,
                "answer_days": letter.answer_days,
            }
            forms["edit_form"] = LetterForm(initial=initial, contacts=client_contacts(project))
        if may_send and project.status == ProjectStatus.ACTIVE:
            forms["send_form"] = LetterSendForm()
        if may_send:
            forms["withdraw_form"] = LetterWithdrawForm()
    elif letter.status == LetterStatus.SENT and may_write:
        forms["answer_form"] = LetterAnswerForm()
    return forms
