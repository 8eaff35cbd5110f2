"""The demo agency (SPEC §14): its staff sign-ins and a year of its client register.

``load_demo_agency()`` writes everything through the services (``user_create``,
``client_register``, ``client_update``) in one transaction. It is idempotent: people are
looked up by username and clients by legal name, and whatever exists is left alone.
The data is fixed text plus ``random.Random(2026)`` for phone numbers, so every load of
an empty database gives the same register.
"""

from servicebook.demo.agency.loading import DemoSummary, load_demo_agency
from servicebook.demo.agency.people import (
    AGENCY_NAME,
    AGENCY_NAME_EN,
    DEMO_PASSWORD,
    MANAGERS,
    PEOPLE,
)
from servicebook.demo.agency.register import demo_register

__all__ = [
    "AGENCY_NAME",
    "AGENCY_NAME_EN",
    "DEMO_PASSWORD",
    "MANAGERS",
    "PEOPLE",
    "DemoSummary",
    "demo_register",
    "load_demo_agency",
]
