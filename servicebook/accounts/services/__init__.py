"""Every way account data changes."""

from .users import department_set_manager, user_create, user_set_language

__all__ = ["department_set_manager", "user_create", "user_set_language"]
