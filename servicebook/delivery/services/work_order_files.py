"""Files on work orders: what is accepted and how it is stored.

At most 20 MB, not empty, and never a type that runs on a computer or in a browser
(checked by extension and by declared content type). The file is stored under a random
name; the original name, size and content type are kept for the page and the download.
Callers (the work-order services) run inside their transaction and have checked who acts.
"""

from __future__ import annotations

import mimetypes
import os
import uuid
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.core.errors import DomainError
from servicebook.delivery.models import WorkOrder, WorkOrderAttachment, WorkOrderRound

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Files that run when opened, on a computer or in a browser: never stored.
BLOCKED_EXTENSIONS = frozenset(
    {
        ".exe", ".com", ".bat", ".cmd", ".msi", ".msp", ".scr", ".pif", ".cpl", ".dll", ".sys",
        ".ps1", ".psm1", ".vbs", ".vbe", ".js", ".jse", ".mjs", ".wsf", ".wsh", ".hta", ".jar",
        ".lnk", ".reg", ".sh", ".app", ".apk", ".html", ".htm", ".xhtml", ".shtml", ".mht",
        ".mhtml", ".php", ".asp", ".aspx", ".jsp",
    }
)  # fmt: skip
BLOCKED_CONTENT_TYPES = frozenset(
    {
        "text/html", "application/xhtml+xml", "text/javascript", "application/javascript",
        "application/x-javascript", "application/x-msdownload", "application/x-msdos-program",
        "application/x-msi", "application/x-bat", "application/x-sh", "application/x-csh",
        "application/vnd.microsoft.portable-executable", "application/hta",
    }
)  # fmt: skip
NAME_MAX = WorkOrderAttachment._meta.get_field("name").max_length or 200


def attachment_problem(upload: UploadedFile) -> str | None:
    """Why ``upload`` cannot be stored (in the user's language), or None when it can."""
    name = clean_file_name(upload.name)
    extension = os.path.splitext(name)[1].lower()
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if not upload.size:
        return str(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > MAX_ATTACHMENT_BYTES:
        return str(_("“%(name)s” is larger than 20 MB.") % {"name": name})
    if extension in BLOCKED_EXTENSIONS or content_type in BLOCKED_CONTENT_TYPES:
        return str(
            _("“%(name)s” is a type of file that can run programs (%(type)s) and is not accepted.")
            % {"name": name, "type": extension or content_type}
        )
    return None


def check_uploads(uploads: Iterable[UploadedFile], *, field: str) -> None:
    """Refuse the lot before anything is stored, so a refused file leaves no stray files."""
    for upload in uploads:
        if problem := attachment_problem(upload):
            raise DomainError(problem, field=field)


def clean_file_name(raw: str | None) -> str:
    """The file's own name without folders or trailing dots, at most 200 characters."""
    name = os.path.basename((raw or "").replace("\\", "/")).strip().rstrip(". ") or "file"
    if len(name) <= NAME_MAX:
        return name
    stem, extension = os.path.splitext(name)
    return stem[: NAME_MAX - len(extension)] + extension


def store_attachment(
    work_order: WorkOrder,
    upload: UploadedFile,
    *,
    actor: User,
    round_: WorkOrderRound | None = None,
    field: str = "file",
) -> WorkOrderAttachment:
    """Check and store one upload; errors name the form ``field`` it came from."""
    if problem := attachment_problem(upload):
        raise DomainError(problem, field=field)
    name = clean_file_name(upload.name)
    extension = os.path.splitext(name)[1].lower()
    content_type = upload.content_type or mimetypes.guess_type(name)[0] or ""
    attachment = WorkOrderAttachment(
        work_order=work_order,
        round=round_,
        name=name,
        size=upload.size or 0,
        content_type=content_type[:100],
        uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    attachment.save()
    return attachment
