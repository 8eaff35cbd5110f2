"""A list page's filters: the options of each and which one is chosen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import QueryDict


@dataclass
class ListFilter:
    """One filter: its query parameter, label, options and the chosen value."""

    name: str
    label: Any
    options: list[tuple[str, str]]
    value: str

    @property
    def active_label(self) -> str:
        """The chosen option's label (shown on the filter chip)."""
        return next((label for value, label in self.options if value == self.value), "")


def build_filters(
    params: QueryDict | dict[str, Any], specs: Iterable[tuple[str, Any, list[tuple[str, str]]]]
) -> list[ListFilter]:
    """Filters from ``(name, label, options)`` specs, with the values chosen in ``params``."""
    return [
        ListFilter(name, label, options, params.get(name, "")) for name, label, options in specs
    ]


def choice_options(choices: type[models.TextChoices]) -> list[tuple[str, str]]:
    """A TextChoices as filter options in the active language."""
    return [(value, str(label)) for value, label in choices.choices]
