"""Fax sheets (传真纸, SPEC §7, §13): the cover sheet of anything sent to the client.

Numbered ``CZ-YYYY-NNNN`` (gap-free per year) when written. The sender's lines default to
the writer and the agency's letterhead. A sheet on a project is written and changed by
whoever may write the project's communication; a sheet without a project by its author
(and the GM).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.communications.models import FaxSheet, Urgency
from servicebook.communications.permissions import may_write_communication
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.models import AgencySettings
from servicebook.core.phones import normalise_phone
from servicebook.core.sequences import next_number
from servicebook.delivery.selectors.work_orders import serves_on_team
from servicebook.projects.models import Project

FAX_SERIES = "CZ"
MAX_PAGES = 999
PHONE_DIGITS = (7, 15)


@dataclass
class FaxInput:
    """What the writer fills in; blank sender lines take the defaults."""

    to_company: str
    subject: str
    body: str
    attention: str = ""
    to_fax: str = ""
    to_phone: str = ""
    from_name: str = ""
    from_fax: str = ""
    from_phone: str = ""
    sent_on: date | None = None
    pages: int = 1
    urgency: Iterable[str] = field(default_factory=list)


def can_write_fax(user: User, project: Project | None, *, on_team: bool) -> bool:
    """Write a fax sheet: on a project, its communication writers; without one, any staff."""
    if not (user.is_authenticated and user.is_active):
        return False
    if project is None:
        return True
    return may_write_communication(user, project, on_team=on_team)


def can_edit_fax(user: User, fax: FaxSheet, *, on_team: bool) -> bool:
    """Change a fax sheet: on a project, its communication writers; without one, the author
    or the GM."""
    if not (user.is_authenticated and user.is_active):
        return False
    if fax.project_id is None:
        return user.is_general_manager or fax.created_by_id == user.pk
    return may_write_communication(user, fax.project, on_team=on_team)


@transaction.atomic
def fax_sheet_create(*, actor: User, data: FaxInput, project: Project | None = None) -> FaxSheet:
    """Write a fax sheet, numbered ``CZ-YYYY-NNNN``.

    The caller has fetched ``project`` through ``visible_to``. Blank sender lines default
    to the writer's name, the agency's fax and the writer's phone (else the agency's); the
    date defaults to today.
    """
    if not can_write_fax(actor, project, on_team=_on_team(actor, project)):
        raise PermissionDenied(
            _("Only the project lead, the team or a manager can write this project's faxes.")
        )
    values = _checked(data, actor)
    year = timezone.localdate().year
    return FaxSheet.objects.create(
        number=f"{FAX_SERIES}-{year}-{next_number(FAX_SERIES, year):04d}",
        project=project,
        created_by=actor,
        **values,
    )


@transaction.atomic
def fax_sheet_update(*, actor: User, fax: FaxSheet, data: FaxInput) -> FaxSheet:
    """Change a fax sheet's lines; its number and project stay. Copies already issued keep
    what they said."""
    locked = (
        FaxSheet.objects.select_for_update(of=("self",)).select_related("project").get(pk=fax.pk)
    )
    if not can_edit_fax(actor, locked, on_team=_on_team(actor, locked.project)):
        raise PermissionDenied(_("Only the author, the project's team or a manager can edit it."))
    values = _checked(data, actor)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(values))
    return locked


def fax_defaults(actor: User, agency: AgencySettings | None = None) -> dict[str, str]:
    """The sender's lines a new sheet starts with: the writer and the agency's letterhead."""
    agency = agency or AgencySettings.current()
    return {
        "from_name": actor.display_name,
        "from_fax": normalise_phone(agency.fax),
        "from_phone": normalise_phone(actor.phone or agency.phone),
    }


def _on_team(user: User, project: Project | None) -> bool:
    return project is not None and serves_on_team(user, project)


def _checked(data: FaxInput, actor: User) -> dict[str, object]:
    to_company = _required(data.to_company, "to_company", _("Say who the fax is for."))
    subject = _required(data.subject, "subject", _("Give the fax a subject."))
    body = _required(data.body, "body", _("Write the message."))
    if not 1 <= int(data.pages) <= MAX_PAGES:
        raise DomainError(
            _("The number of pages is between 1 and %(max)s.") % {"max": MAX_PAGES},
            field="pages",
        )
    unknown = set(data.urgency) - set(Urgency.values)
    if unknown:
        raise DomainError(_("Choose the urgency from the boxes on the sheet."), field="urgency")
    defaults = fax_defaults(actor) if not all([data.from_fax, data.from_phone]) else {}
    return {
        "to_company": to_company,
        "attention": data.attention.strip(),
        "to_fax": _phone(data.to_fax, "to_fax"),
        "to_phone": _phone(data.to_phone, "to_phone"),
        "from_name": data.from_name.strip() or actor.display_name,
        "from_fax": _phone(data.from_fax, "from_fax") or defaults.get("from_fax", ""),
        "from_phone": _phone(data.from_phone, "from_phone") or defaults.get("from_phone", ""),
        "sent_on": data.sent_on or timezone.localdate(),
        "pages": int(data.pages),
        "subject": subject,
        "urgency": [value for value in Urgency.values if value in set(data.urgency)],
        "body": body,
    }


def _required(value: str, name: str, message: str | Promise) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=name)
    return text


def _phone(raw: str, name: str) -> str:
    """Digits of a phone or fax number ("" when blank); a number that is not one is refused."""
    if not (raw or "").strip():
        return ""
    digits = normalise_phone(raw)
    low, high = PHONE_DIGITS
    if not low <= len(digits) <= high:
        raise DomainError(_("Enter a phone or fax number (7 to 15 digits)."), field=name)
    return digits
