"""What a PDF may load: static files and the font files, never the network or other files."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher

# Relative URLs in a template ("/static/…") resolve against this; it is never contacted.
LOCAL_BASE_URL = "https://servicebook.invalid/"


class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serve ``data:`` URLs, static files and the listed files; refuse everything else."""

    def __init__(self, allowed_files: frozenset[Path]) -> None:
        super().__init__(allowed_protocols={"data", "file", "http", "https"})
        self._allowed_files = allowed_files

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch ``url`` from disk; a ``ValueError`` makes WeasyPrint skip it with a warning."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = Path(unquote(parts.path))
        if parts.scheme == "file" and path in self._allowed_files:
            return super().fetch(url, headers)
        static = static_file(unquote(parts.path))
        if static is None:
            raise ValueError(f"{url} is not a static file: PDFs load nothing else")
        return super().fetch(static.as_uri(), headers)


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
