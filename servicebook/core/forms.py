"""Show a service's DomainError on the form that caused it."""

from __future__ import annotations

from django import forms

from servicebook.core.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Put the error beside its field, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))
