"""Every way the daily contact log (每日沟通, SPEC §7) and the client's requests change.

A contact is logged with who was spoken to, how, what was said and what follows; each
request the client raised in it becomes a ``ClientRequest``, timed from the contact to the
first reply (responsiveness, SPEC §12) and open until it is settled. Each service is one
transaction that locks the row it changes and checks who may write (``permissions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.models import Contact
from servicebook.communications.models import ClientRequest, ContactChannel, ContactLog
from servicebook.communications.permissions import may_write_communication
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.delivery.selectors.work_orders import serves_on_team
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

NAME_MAX = 50
MAX_REQUESTS = 20


@transaction.atomic
def contact_log_record(
    *,
    actor: User,
    project: Project,
    occurred_at: datetime,
    channel: str = ContactChannel.PHONE,
    contact: Contact | None = None,
    contact_name: str = "",
    summary: str,
    follow_ups: str = "",
    requests: Sequence[str] = (),
) -> ContactLog:
    """Log one contact with the client on an active project, with the requests it raised.

    Logged by the project lead, a team member, a manager of the project's department or
    the GM. ``occurred_at`` is not in the future. ``contact`` is one of the project client's
    contacts (its name is then used) or None with ``contact_name`` typed. Each non-empty
    line of ``requests`` becomes a client request raised at ``occurred_at``.
    """
    locked = _locked_project(project, actor)
    if locked.status != ProjectStatus.ACTIVE:
        raise DomainError(_("This project is closed: no new contact can be logged."))
    if channel not in ContactChannel.values:
        raise DomainError(_("Choose how you were in touch."), field="channel")
    check_not_future(occurred_at, "occurred_at", _("The contact cannot be in the future."))
    name = person_name(locked, contact, contact_name, field="contact_name")
    summary = required_text(summary, "summary", _("Write down what was said."))
    lines = [line.strip() for line in requests if line and line.strip()]
    if len(lines) > MAX_REQUESTS:
        raise DomainError(
            _("Record at most %(max)s requests with one contact.") % {"max": MAX_REQUESTS},
            field="requests",
        )
    log = ContactLog.objects.create(
        project=locked,
        occurred_at=occurred_at,
        channel=channel,
        contact=contact,
        contact_name=name,
        summary=summary,
        follow_ups=(follow_ups or "").strip(),
        logged_by=actor,
    )
    ClientRequest.objects.bulk_create(
        ClientRequest(
            project=locked, contact_log=log, text=text, raised_at=occurred_at, created_by=actor
        )
        for text in lines
    )
    return log


@transaction.atomic
def client_request_reply(
    *, actor: User, request: ClientRequest, reply: str, replied_at: datetime | None = None
) -> ClientRequest:
    """Record the FIRST reply to a client request: what was answered and when.

    ``replied_at`` (default now) is neither before the request was raised nor in the
    future. The first reply is recorded once; a second one is refused.
    """
    locked = _locked_request(request, actor)
    if locked.first_reply_at is not None:
        raise DomainError(
            _("This request was already answered on %(when)s.")
            % {"when": date_format(timezone.localtime(locked.first_reply_at), "Y-m-d H:i")}
        )
    reply = required_text(reply, "reply", _("Write down what was answered."))
    when = replied_at or timezone.now()
    check_not_future(when, "replied_at", _("The reply cannot be in the future."))
    if when < locked.raised_at:
        raise DomainError(
            _("The reply cannot be before the request was raised (%(when)s).")
            % {"when": date_format(timezone.localtime(locked.raised_at), "Y-m-d H:i")},
            field="replied_at",
        )
    locked.reply, locked.first_reply_at, locked.first_reply_by = reply, when, actor
    locked.save(update_fields=["reply", "first_reply_at", "first_reply_by"])
    return locked


@transaction.atomic
def client_request_settle(*, actor: User, request: ClientRequest) -> ClientRequest:
    """Close a client request that has been dealt with; it must have been answered first."""
    locked = _locked_request(request, actor)
    if locked.settled_at is not None:
        raise DomainError(_("This request is already settled."))
    if locked.first_reply_at is None:
        raise DomainError(_("Record the reply to the client before settling the request."))
    locked.settled_at = timezone.now()
    locked.save(update_fields=["settled_at"])
    return locked


# ---------------------------------------------------------------- shared with the letters


def person_name(project: Project, contact: Contact | None, typed: str, *, field: str) -> str:
    """The client person's name: the chosen contact's (of the project's client) or typed."""
    if contact is not None:
        if contact.client_id != project.client_id:
            raise DomainError(_("Choose one of this client's contacts."), field=field)
        return contact.name[:NAME_MAX]
    name = required_text(typed, field, _("Say whom at the client this is with."))
    if len(name) > NAME_MAX:
        raise DomainError(
            _("Keep the name to %(max)s characters.") % {"max": NAME_MAX}, field=field
        )
    return name


def check_may_write(actor: User, project: Project) -> None:
    """Raise unless ``actor`` may write communication on ``project`` (one query)."""
    if not may_write_communication(actor, project, on_team=serves_on_team(actor, project)):
        raise PermissionDenied(
            _("Only the project lead, the team or the department manager can do this.")
        )


def check_not_future(when: datetime, field: str, message: str | Promise) -> None:
    """Refuse a moment after now (a contact, a reply, a sending, an answer)."""
    if when > timezone.now():
        raise DomainError(message, field=field)


def required_text(value: str, field: str, message: str | Promise) -> str:
    """The text without surrounding blanks; refused when nothing is left."""
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def _locked_project(project: Project, actor: User) -> Project:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    check_may_write(actor, locked)
    return locked


def _locked_request(request: ClientRequest, actor: User) -> ClientRequest:
    locked = (
        ClientRequest.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=request.pk)
    )
    check_may_write(actor, locked.project)
    return locked
