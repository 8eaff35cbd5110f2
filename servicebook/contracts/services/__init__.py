"""Every way contract data changes: draw up, change, sign (→ project), cancel."""

from .drafting import MilestoneInput, contract_create, contract_update
from .signing import contract_cancel, contract_sign

__all__ = [
    "MilestoneInput",
    "contract_cancel",
    "contract_create",
    "contract_sign",
    "contract_update",
]
