"""Workflows as data: a transition table and the one check every status change passes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.errors import DomainError


@dataclass(frozen=True)
class Workflow:
    """The allowed moves of one kind of record, ``(from, to)`` pairs of status values."""

    name: str
    moves: frozenset[tuple[str, str]]
    labels: type[models.TextChoices]

    @classmethod
    def of(
        cls, name: str, labels: type[models.TextChoices], moves: Iterable[tuple[str, str]]
    ) -> Workflow:
        """Build a workflow; every status in ``moves`` must be one of ``labels``."""
        table = frozenset((str(a), str(b)) for a, b in moves)
        unknown = {s for move in table for s in move} - set(labels.values)
        if unknown:
            raise ValueError(f"{name}: unknown statuses {sorted(unknown)}")
        return cls(name, table, labels)

    def allows(self, source: str, target: str) -> bool:
        """Whether the table has the move ``source`` → ``target``."""
        return (source, target) in self.moves

    def targets(self, source: str) -> list[str]:
        """Where a record in ``source`` may go, in the order of the status choices."""
        return [value for value in self.labels.values if (source, value) in self.moves]

    def check(self, source: str, target: str) -> None:
        """Raise a DomainError the user understands unless the move is in the table."""
        if not self.allows(source, target):
            raise DomainError(
                _("Cannot move from “%(source)s” to “%(target)s”.")
                % {"source": self.labels(source).label, "target": self.labels(target).label}
            )
