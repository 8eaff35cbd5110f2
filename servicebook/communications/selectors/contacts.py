"""Read models of the daily contact log and the client's requests (SPEC §7, §12).

Every read starts from a project the user may see (``communication_project``, a 404
otherwise); the rows of that project are then read without further scoping.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, ngettext

from servicebook.accounts.models import User
from servicebook.clients.models import Contact
from servicebook.communications.models import ClientRequest, ContactLog
from servicebook.projects.models import Project

HOUR = timedelta(hours=1)


def communication_project(user: User, pk: int) -> Project:
    """One project the user may see, with its client, department and lead (404 otherwise)."""
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("client", "department", "lead"), pk=pk
    )


def client_contacts(project: Project) -> list[Contact]:
    """The people at the project's client, the primary contact first (one query)."""
    return list(Contact.objects.filter(client_id=project.client_id).order_by("-is_primary", "id"))


# ---------------------------------------------------------------- the log


def project_contact_logs(project: Project) -> QuerySet[ContactLog]:
    """The project's contacts, latest first, each with its logger and its requests.

    Paginated, a page costs the ids, the rows and one query for all their requests.
    """
    requests = ClientRequest.objects.order_by("raised_at", "id")
    return (
        ContactLog.objects.filter(project=project)
        .select_related("logged_by")
        .prefetch_related(Prefetch("requests", queryset=requests))
        .order_by("-occurred_at", "-id")
    )


def open_requests(project: Project, now: datetime) -> list[ClientRequest]:
    """The project's requests not yet settled, the oldest first, each with its ``wait``.

    ``wait`` is how long the request waited for its first reply (``answered`` True) or has
    been waiting so far (``answered`` False); ``wait_label`` says it in words. One query.
    """
    rows = list(
        ClientRequest.objects.filter(project=project, settled_at__isnull=True)
        .select_related("first_reply_by", "contact_log")
        .order_by("raised_at", "id")
    )
    for row in rows:
        mark_wait(row, now)
    return rows


def request_of(project: Project, pk: int) -> ClientRequest:
    """One request of the project (404 when it belongs to another)."""
    return get_object_or_404(ClientRequest.objects.filter(project=project), pk=pk)


def mark_wait(request: ClientRequest, now: datetime) -> ClientRequest:
    """Give a request ``answered``, ``wait`` (a timedelta) and ``wait_label``."""
    answered = request.first_reply_at is not None
    end = request.first_reply_at if request.first_reply_at is not None else now
    wait = max(end - request.raised_at, timedelta(0))
    request.answered = answered  # type: ignore[attr-defined]
    request.wait = wait  # type: ignore[attr-defined]
    request.wait_label = duration_label(wait)  # type: ignore[attr-defined]
    return request


def duration_label(span: timedelta) -> str:
    """A wait in words: "45 min", "5 h", "2 d 3 h" (calendar time)."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 24:
        return ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours}
    days, hours = divmod(hours, 24)
    if not hours:
        return ngettext("%(d)d day", "%(d)d days", days) % {"d": days}
    return gettext("%(d)d d %(h)d h") % {"d": days, "h": hours}


# ---------------------------------------------------------------- responsiveness


@dataclass(frozen=True)
class Responsiveness:
    """How quickly the client's requests on a project got a first reply (SPEC §12).

    Hours are calendar hours from raised to the first reply; ``None`` when nothing has
    been answered. ``oldest_waiting_hours`` is the longest wait of an unanswered request.
    """

    requests: int
    answered: int
    unanswered: int
    median_hours: float | None
    longest_hours: float | None
    oldest_waiting_hours: float | None


def responsiveness(project: Project, now: datetime) -> Responsiveness:
    """The project's responsiveness figures, in Python over one query of two columns."""
    rows = ClientRequest.objects.filter(project=project).values_list("raised_at", "first_reply_at")
    return figures(list(rows), now)


def figures(rows: Sequence[tuple[datetime, datetime | None]], now: datetime) -> Responsiveness:
    """Median and longest hours to the first reply, and the unanswered, of ``rows``."""
    took = [(reply - raised) / HOUR for raised, reply in rows if reply is not None]
    waiting = [(now - raised) / HOUR for raised, reply in rows if reply is None]
    return Responsiveness(
        requests=len(rows),
        answered=len(took),
        unanswered=len(waiting),
        median_hours=round(statistics.median(took), 1) if took else None,
        longest_hours=round(max(took), 1) if took else None,
        oldest_waiting_hours=round(max(max(waiting), 0), 1) if waiting else None,
    )
