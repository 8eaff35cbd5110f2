"""The project's URLs plus an empty view: the baseline the benchmark compares pages with.

Used only by ``manage.py bench`` through ``override_settings(ROOT_URLCONF=...)``, so the
empty view goes through the same test client, middleware and session as the real pages.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

EMPTY_PATH = "/__bench__/empty/"


def empty(request: HttpRequest) -> HttpResponse:
    """Nothing at all: what a request costs before any page does its work."""
    return HttpResponse(b"")


urlpatterns = [
    *project_urlpatterns,
    path(EMPTY_PATH.lstrip("/"), empty, name="bench-empty"),
]
