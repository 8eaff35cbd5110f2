"""Helpers for status choices that carry a badge colour."""

from __future__ import annotations

from django.db import models

BADGE_COLOURS = ("grey", "blue", "teal", "green", "amber", "orange", "red", "purple")


def choice_colour(colours: dict[str, str], value: str) -> str:
    """The badge colour of ``value`` in a choices' colour map, grey when unmapped."""
    return colours.get(value, "grey")


def check_in_choices(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """A database constraint that ``field`` holds one of ``choices`` (choices alone do not)."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": choices.values}), name=name)


def check_in_choices_or_blank(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    """Like ``check_in_choices`` but also allowing the empty string."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": [*choices.values, ""]}), name=name
    )
