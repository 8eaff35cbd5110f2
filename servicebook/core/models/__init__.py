"""Core models: the working-day calendar overrides and numbering sequences."""

from .agency import AgencySettings
from .calendar import CalendarOverride, OverrideKind
from .sequences import Sequence

__all__ = ["AgencySettings", "CalendarOverride", "OverrideKind", "Sequence"]
