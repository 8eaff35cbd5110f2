"""The agency's letterhead at the top of every printed form, from ``AgencySettings``.

The logo is a file in the default storage (``letterhead/…``). A PDF names it with
``stored_file_url`` and ``LocalFetcher`` reads it from the storage, never from the network;
the browser's print view carries it inline as a ``data:`` URL (media files are not served).
"""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass

from django.core.files.storage import default_storage

from servicebook.core.models import AgencySettings

FALLBACK_NAME = "Servicebook"


@dataclass(frozen=True)
class Letterhead:
    """Name and contact lines of the agency as printed on forms (blank lines are left out)."""

    name_zh: str = ""
    name_en: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""
    logo: str = ""  # the logo's name in the default storage; "" without a logo

    @property
    def name(self) -> str:
        """The main name line: Chinese, else English, else "Servicebook"."""
        return self.name_zh or self.name_en or FALLBACK_NAME

    @property
    def second_name(self) -> str:
        """The English name under the Chinese one (empty when it would repeat the first)."""
        return self.name_en if self.name_en and self.name_en != self.name else ""


def letterhead_context() -> dict[str, Letterhead]:
    """``{"letterhead": …}`` for a template context (``render_pdf`` adds it when missing)."""
    return {"letterhead": current_letterhead()}


def current_letterhead() -> Letterhead:
    """The agency's letterhead now (one query; pass it in a context to reuse it)."""
    agency = AgencySettings.current()
    return Letterhead(
        name_zh=agency.name_zh.strip(),
        name_en=agency.name_en.strip(),
        address=agency.address.strip(),
        phone=agency.phone.strip(),
        fax=agency.fax.strip(),
        email=agency.email.strip(),
        website=agency.website.strip(),
        logo=agency.logo.name or "",
    )


def logo_data_uri(name: str) -> str:
    """The stored logo inline as a ``data:`` URL ("" when the file is gone)."""
    try:
        with default_storage.open(name, "rb") as stored:
            content = stored.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
