"""What a PDF may load: static files, the font files and the letterhead logo in the storage.

Never the network, never other files.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in a template ("/static/…") resolve against this; it is never contacted.
LOCAL_BASE_URL = "https://servicebook.invalid/"
# Files of the default storage a PDF may embed are named "/.stored/<name>" (see LocalFetcher).
STORED_PREFIX = "/.stored/"


class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serve ``data:`` URLs, static files, the listed files and the listed stored files.

    ``stored_files`` are names in the default storage (the letterhead logo) that a template
    names with ``stored_file_url``; every other stored file is refused.
    """

    def __init__(
        self, allowed_files: frozenset[Path], stored_files: frozenset[str] = frozenset()
    ) -> None:
        super().__init__(allowed_protocols={"data", "file", "http", "https"})
        self._allowed_files = allowed_files
        self._stored_files = stored_files

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch ``url`` from disk; a ``ValueError`` makes WeasyPrint skip it with a warning."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = Path(unquote(parts.path))
        if parts.scheme == "file" and path in self._allowed_files:
            return super().fetch(url, headers)
        stored = stored_file_name(unquote(parts.path))
        if stored is not None and stored in self._stored_files:
            with default_storage.open(stored, "rb") as file:
                content = file.read()
            mime = mimetypes.guess_type(stored)[0] or "application/octet-stream"
            return URLFetcherResponse(url, content, {"Content-Type": mime})
        static = static_file(unquote(parts.path))
        if static is None:
            raise ValueError(f"{url} is not a static file: PDFs load nothing else")
        return super().fetch(static.as_uri(), headers)


def stored_file_url(name: str) -> str:
    """The URL a template gives a PDF for a file in the default storage (never served)."""
    return f"{STORED_PREFIX}{quote(name)}"


def stored_file_name(url_path: str) -> str | None:
    """The storage name behind a ``stored_file_url`` path, or None for any other path."""
    if not url_path.startswith(STORED_PREFIX):
        return None
    return url_path.removeprefix(STORED_PREFIX)


def static_file(url_path: str) -> Path | None:
    """The file behind a ``{% static %}`` URL path: collected (hashed) or in an app."""
    static_url = urlsplit(str(settings.STATIC_URL)).path
    if not url_path.startswith(static_url):
        return None
    relative = url_path.removeprefix(static_url)
    root = Path(settings.STATIC_ROOT).resolve() if settings.STATIC_ROOT else None
    if root is not None:
        collected = (root / relative).resolve()
        if collected.is_relative_to(root) and collected.is_file():
            return collected
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None
