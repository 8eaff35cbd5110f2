"""The client file (客户档案登记本): client, contacts, property projects, duplicates, imports."""

from .clients import Client, InformationSource
from .contacts import Contact
from .duplicates import DuplicateLink
from .imports import ClientImport, ImportStatus
from .properties import PropertyProject

__all__ = [
    "Client",
    "ClientImport",
    "Contact",
    "DuplicateLink",
    "ImportStatus",
    "InformationSource",
    "PropertyProject",
]
