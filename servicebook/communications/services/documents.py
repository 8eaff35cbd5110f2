"""Documents as issued (SPEC §13): a form's PDF kept exactly as it went to the client.

``document_request`` records what to render (a ``pending`` ``IssuedDocument``) and, after
the commit, hands its rendering to the background worker (``tasks.enqueue_render`` →
``tasks.render_document``); ``document_render`` — the worker's job — renders the PDF once,
stores its bytes with their size, SHA-256 digest and page count, and marks it ``ready``
(or ``failed`` with the error). A ready document is
never rendered again: downloading it later gives the same bytes even if the records changed.
"""

from __future__ import annotations

import hashlib
import logging
from time import perf_counter
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.communications.documents import printable, render_document_pages
from servicebook.communications.models import DocumentStatus, FaxSheet, IssuedDocument
from servicebook.communications.tasks import enqueue_render
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.models import Plan, Project

logger = logging.getLogger(__name__)

ERROR_MAX = 2000


def may_see_record(user: User, record: Any, project: Project | None) -> bool:
    """Whether ``user`` may read the record: a fax sheet as ``FaxSheet.visible_to``, a
    project's form as its project (one query)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if isinstance(record, FaxSheet):
        return FaxSheet.objects.visible_to(user).filter(pk=record.pk).exists()
    if project is None:
        return False
    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


@transaction.atomic
def document_request(
    *,
    actor: User,
    kind: str,
    record: Any,
    language: str,
    project: Project | None = None,
) -> IssuedDocument:
    """Issue a client copy of ``record``'s form in ``language``: a pending document.

    Whoever may read the record may keep a copy of it as it reads now (checked again here:
    a record the actor may not see is refused); a draft plan is not issued to the client.
    The PDF is rendered by the worker after the commit (``document_render``), never in the
    request.
    """
    form = printable(kind)
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose Chinese or English."), field="language")
    own_project = form.project(record)
    if project is not None and (own_project is None or own_project.pk != project.pk):
        raise DomainError(_("This record does not belong to this project."))
    project = own_project
    if not may_see_record(actor, record, project):
        raise PermissionDenied(_("You may not see this record, so you cannot issue it."))
    if isinstance(record, Plan) and record.is_draft:
        raise DomainError(
            _("A draft plan is not issued to the client: it needs the manager's approval first.")
        )
    with translation.override(language):
        title, file_name = form.title(record), form.file_name(record)
    document = IssuedDocument.objects.create(
        kind=kind,
        object_id=record.pk,
        project=project,
        title=title[:200],
        language=language,
        file_name=file_name[:200],
        created_by=actor,
    )
    enqueue_render(document.pk)  # asked of the worker after the commit
    return document


def document_render(document_id: int) -> IssuedDocument:
    """Render a pending document and keep its PDF; the worker's job, safe to run twice.

    The PDF is laid out outside any transaction (it can take seconds); the row is then
    locked and, only if it is still pending, the file, size, SHA-256, pages and render time
    are stored and it is marked ready. A missing record or a rendering error marks it
    failed with the error; a document that is not pending is returned unchanged.
    """
    document = IssuedDocument.objects.get(pk=document_id)
    if document.status != DocumentStatus.PENDING:
        return document
    started = perf_counter()
    try:
        form = printable(document.kind)
        record = form.load(int(document.object_id or 0))
        rendered = render_document_pages(document.kind, record, document.language)
    except Exception as error:  # anything the record or the layout raised: kept on the row
        logger.exception("Rendering issued document %s failed", document_id)
        return _mark_failed(document_id, f"{type(error).__name__}: {error}")
    return _store(document_id, rendered.content, rendered.pages, perf_counter() - started)


@transaction.atomic
def _store(document_id: int, pdf: bytes, pages: int, seconds: float) -> IssuedDocument:
    document = IssuedDocument.objects.select_for_update().get(pk=document_id)
    if document.status != DocumentStatus.PENDING:
        return document  # another run finished first: its file stands
    document.file.save(f"{document.kind}-{document.pk}.pdf", ContentFile(pdf), save=False)
    document.size = len(pdf)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.pages = min(pages, 32767)
    document.render_seconds = round(seconds, 3)
    document.status = DocumentStatus.READY
    document.ready_at = timezone.now()
    document.error = ""
    document.save(
        update_fields=[
            "file",
            "size",
            "sha256",
            "pages",
            "render_seconds",
            "status",
            "ready_at",
            "error",
        ]
    )
    return document


@transaction.atomic
def _mark_failed(document_id: int, error: str) -> IssuedDocument:
    document = IssuedDocument.objects.select_for_update().get(pk=document_id)
    if document.status != DocumentStatus.PENDING:
        return document
    document.status = DocumentStatus.FAILED
    document.error = error[:ERROR_MAX]
    document.save(update_fields=["status", "error"])
    return document


@transaction.atomic
def document_retry(*, actor: User, document: IssuedDocument) -> IssuedDocument:
    """Render a failed document again: back to pending, handed to the worker after commit.

    Whoever may see the document may ask again.
    """
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if not IssuedDocument.objects.visible_to(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("You may not see this document."))
    if locked.status != DocumentStatus.FAILED:
        raise DomainError(_("Only a document whose rendering failed can be tried again."))
    locked.status = DocumentStatus.PENDING
    locked.error = ""
    locked.save(update_fields=["status", "error"])
    enqueue_render(locked.pk)  # asked of the worker after the commit
    return locked
