"""Importing a client register (.xlsx): preview every row first, then import the valid ones once.

The file's layout is the export's (``servicebook.clients.excel``). A preview stores the file
and a row-by-row report (errors, and warnings about likely existing clients) in the user's
language; confirming re-reads the stored file and registers each valid row through
``client_register`` in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.excel import RegisterSheet, read_register
from servicebook.clients.models import Client, ClientImport, Contact, ImportStatus
from servicebook.clients.names import normalise_company_name
from servicebook.clients.services._import_rows import (
    ERROR,
    WARNING,
    ImportIssue,
    ImportRow,
    Lookups,
    check_rows,
)
from servicebook.clients.services.registration import client_register
from servicebook.core.database import refresh_statistics
from servicebook.core.errors import DomainError, PermissionDenied

SAMPLE_SCAN_ROWS = 200
_LOOKUP_CHUNK = 500

__all__ = ["ImportRow", "import_confirm", "import_discard", "import_preview", "import_sample"]


def import_preview(*, actor: User, filename: str, content: bytes) -> ClientImport:
    """Read and check an uploaded register and keep it, with its report, for confirmation.

    Nothing is registered yet. Raises ``DomainError`` (field ``file``) and stores nothing when
    the file is not a readable .xlsx register or has too many rows.
    """
    sheet = _read(filename, content)
    rows = check_rows(sheet, Lookups.load(actor))
    issues = [issue for row in rows for issue in row.issues]
    issues += existing_client_warnings(sheet, [row for row in rows if row.is_valid])
    issues.sort(key=lambda issue: (issue.row, issue.level != ERROR))
    return ClientImport.objects.create(
        uploaded_by=actor,
        filename=filename[-200:],
        content=content,
        total_rows=len(rows),
        valid_rows=sum(row.is_valid for row in rows),
        errors=[issue.as_json() for issue in issues],
    )


@transaction.atomic
def import_confirm(*, actor: User, client_import: ClientImport) -> int:
    """Register every valid row of a previewed file, all or nothing; returns how many.

    Only the uploader confirms, and only once: the import row is locked and claimed first.
    Likely duplicates of existing clients are registered with their duplicate links.
    """
    locked = _claim(actor, client_import, ImportStatus.IMPORTED)
    rows = check_rows(_read(locked.filename, bytes(locked.content)), Lookups.load(actor))
    count = 0
    for row in rows:
        if row.is_valid:
            _register(actor, row)
            count += 1
    locked.imported_count = count
    locked.imported_at = timezone.now()
    locked.save(update_fields=["imported_count", "imported_at"])
    for name in ("status", "imported_count", "imported_at"):
        setattr(client_import, name, getattr(locked, name))
    transaction.on_commit(refresh_statistics)
    return count


@transaction.atomic
def import_discard(*, actor: User, client_import: ClientImport) -> None:
    """Drop a previewed file without importing it; its content is erased."""
    locked = _claim(actor, client_import, ImportStatus.DISCARDED)
    locked.content = b""
    locked.save(update_fields=["content"])
    client_import.status = locked.status


def import_sample(*, actor: User, client_import: ClientImport, limit: int = 20) -> list[ImportRow]:
    """The first valid rows of a previewed file as they would be registered (reads only).

    Only the first ``SAMPLE_SCAN_ROWS`` rows are read, so the page stays fast for big files.
    """
    if client_import.status != ImportStatus.PREVIEWED or client_import.uploaded_by_id != actor.pk:
        return []
    sheet = _read(client_import.filename, bytes(client_import.content), SAMPLE_SCAN_ROWS)
    return [row for row in check_rows(sheet, Lookups.load(actor)) if row.is_valid][:limit]


def _read(filename: str, content: bytes, stop_after: int | None = None) -> RegisterSheet:
    limit = settings.SERVICEBOOK["IMPORT_MAX_ROWS"]
    return read_register(filename, content, max_rows=limit, stop_after=stop_after)


def _claim(actor: User, client_import: ClientImport, status: str) -> ClientImport:
    """Lock the uploader's previewed import and move it to ``status``; refuse otherwise."""
    locked = ClientImport.objects.select_for_update().filter(pk=client_import.pk).first()
    if locked is None or locked.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded this file can import it."))
    claimed = ClientImport.objects.filter(pk=locked.pk, status=ImportStatus.PREVIEWED).update(
        status=status
    )
    if claimed != 1:
        raise DomainError(_("This file has already been imported or discarded."))
    locked.status = status
    return locked


def _register(actor: User, row: ImportRow) -> Client:
    try:
        return client_register(
            actor=actor,
            data=row.data,
            contacts=[row.contact],
            properties=[row.project] if row.project else [],
            confirm_duplicates=True,
            registered_on=row.registered_on,
            status=row.status,
        )
    except DomainError as error:
        message = _("Row %(row)d: %(message)s") % {"row": row.number, "message": error.message}
        raise DomainError(message) from error


def existing_client_warnings(sheet: RegisterSheet, rows: list[ImportRow]) -> list[ImportIssue]:
    """Warn about rows that look like clients already registered (same name or phone).

    Such rows are still imported, linked to the existing clients. Matching takes a few bulk
    queries, not one per row.
    """
    by_name = _existing_by_name({name for row in rows for name in _names(row)})
    by_phone = _existing_by_phone({phone for row in rows for phone in _phones(row)})
    warnings: list[ImportIssue] = []
    for row in rows:
        matched = sorted({no for name in _names(row) for no in by_name.get(name, ())})
        if matched:
            warnings.append(_existing_warning(row, sheet.header("legal_name"), matched))
        for key in ("mobile", "phone"):
            phone = getattr(row.contact, key)
            if phone and (matched := sorted(by_phone.get(phone, ()))):
                warnings.append(_existing_warning(row, sheet.header(key), matched))
    return warnings


def _existing_warning(row: ImportRow, column: str, numbers: list[str]) -> ImportIssue:
    shown = ", ".join(numbers[:3]) + ("…" if len(numbers) > 3 else "")
    message = _(
        "Looks like an existing client (%(clients)s); it will be imported and marked as a "
        "possible duplicate."
    ) % {"clients": shown}
    return ImportIssue(row.number, column, str(message), WARNING)


def _names(row: ImportRow) -> set[str]:
    names = {
        normalise_company_name(row.data.legal_name),
        normalise_company_name(row.data.short_name),
    }
    return names - {""}


def _phones(row: ImportRow) -> set[str]:
    return {row.contact.mobile, row.contact.phone} - {""}


def _chunks(values: set[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _LOOKUP_CHUNK):
        yield ordered[start : start + _LOOKUP_CHUNK]


def _existing_by_name(names: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for chunk in _chunks(names):
        matches = Client.objects.filter(normalised_name__in=chunk)
        for name, number in matches.values_list("normalised_name", "registration_no"):
            found.setdefault(name, set()).add(number)
    return found


def _existing_by_phone(phones: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for chunk in _chunks(phones):
        matches = Contact.objects.filter(models.Q(mobile__in=chunk) | models.Q(phone__in=chunk))
        rows = matches.values_list("mobile", "phone", "client__registration_no")
        for mobile, phone, number in rows:
            for value in {mobile, phone} & phones:
                found.setdefault(value, set()).add(number)
    return found
