"""Every way account data changes."""

from .notifications import notifications_mark_read, notify
from .users import department_set_manager, user_create, user_set_language

__all__ = [
    "department_set_manager",
    "notifications_mark_read",
    "notify",
    "user_create",
    "user_set_language",
]
