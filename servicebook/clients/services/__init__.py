"""Every way client data changes: register, edit, import."""

from .editing import client_update
from .imports import import_confirm, import_discard, import_preview
from .inputs import ClientInput, ContactInput, PropertyInput, inputs_of
from .registration import DuplicatesFound, client_register, find_duplicates

__all__ = [
    "ClientInput",
    "ContactInput",
    "DuplicatesFound",
    "PropertyInput",
    "client_register",
    "client_update",
    "find_duplicates",
    "import_confirm",
    "import_discard",
    "import_preview",
    "inputs_of",
]
