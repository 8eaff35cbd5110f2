"""HTTP responses for printable forms: a PDF download, named in any language."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def pdf_response(pdf: bytes, filename: str, *, as_attachment: bool = False) -> HttpResponse:
    """``pdf`` shown in the browser (or downloaded) as ``filename``; never cached by proxies.

    Chinese file names are sent as RFC 6266 ``filename*`` (``报价单-BJ-2026-0001.pdf``).
    """
    response = HttpResponse(pdf, content_type="application/pdf")
    if disposition := content_disposition_header(as_attachment, filename):
        response["Content-Disposition"] = disposition
    patch_cache_control(response, private=True, no_store=True)
    return response
