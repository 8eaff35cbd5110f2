"""Pages appear in the signed-in person's own language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from servicebook.accounts.services import user_set_language


class UserLanguageMiddleware:
    """Activate the person's saved language; a switch through /i18n/setlang/ is saved too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            chosen = request.POST.get("language") if request.method == "POST" else None
            if chosen in dict(settings.LANGUAGES) and request.path == reverse("set_language"):
                user_set_language(user, chosen)  # type: ignore[arg-type]
            translation.activate(user.language)  # type: ignore[union-attr]
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
