"""Issue the next number of a yearly series inside the caller's transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from servicebook.core.models import Sequence


def next_number(series: str, year: int) -> int:
    """Return the next number of ``series`` in ``year`` (1, 2, 3 … with no gaps).

    Must run inside ``transaction.atomic``: the row stays locked until the caller commits,
    so concurrent callers queue up, and a rollback returns the number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic")
    updated = Sequence.objects.filter(series=series, year=year).update(
        last_number=F("last_number") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                Sequence.objects.create(series=series, year=year, last_number=1)
            return 1
        except IntegrityError:  # another transaction created the row first
            Sequence.objects.filter(series=series, year=year).update(
                last_number=F("last_number") + 1
            )
    return Sequence.objects.get(series=series, year=year).last_number
