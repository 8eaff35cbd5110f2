"""Core models: the working-day calendar overrides and numbering sequences."""

from .calendar import CalendarOverride, OverrideKind
from .sequences import Sequence

__all__ = ["CalendarOverride", "OverrideKind", "Sequence"]
