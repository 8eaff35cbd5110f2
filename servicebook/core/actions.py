"""One action posted from a record's page: validate, call the service, say what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse

from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.forms import add_domain_error


def run_action(
    request: HttpRequest,
    form: forms.Form | None,
    run: Callable[[dict[str, Any]], object],
    *,
    success: Any,
    done: Callable[[], HttpResponse],
    again: Callable[[forms.Form | None], HttpResponse],
) -> HttpResponse:
    """Run one service with the form's cleaned data (none for a plain button).

    On success: the ``success`` message and ``done()`` (a redirect). A refused move
    (``DomainError``) goes beside the form's field and the page is shown ``again(form)``
    (status 400 is the caller's); for a plain button it becomes a message and ``done()``.
    A ``PermissionDenied`` from the service is a 403.
    """
    if form is None or form.is_valid():
        try:
            run(form.cleaned_data if form is not None else {})
        except PermissionDenied as error:
            raise Forbidden(str(error.message)) from error
        except DomainError as error:
            if form is None:
                messages.error(request, str(error.message))
                return done()
            add_domain_error(form, error)
        else:
            messages.success(request, str(success))
            return done()
    return again(form)
