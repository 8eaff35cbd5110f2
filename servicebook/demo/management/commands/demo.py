"""``servicebook demo`` / ``manage.py demo``: load the demo agency (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from servicebook.demo.agency import (
    AGENCY_NAME,
    AGENCY_NAME_EN,
    DEMO_PASSWORD,
    PEOPLE,
    DemoSummary,
    load_demo_agency,
)


class Command(BaseCommand):
    """Load the demo agency, then print what it added and the sign-ins."""

    help = "Load the demo agency: staff sign-ins and a year of clients. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo_agency()
        self.stdout.write(f"{AGENCY_NAME} — {AGENCY_NAME_EN}")
        self.stdout.write(self._counts(summary))
        self.stdout.write("")
        self.stdout.write(f"Sign-ins (password for all: {DEMO_PASSWORD}):")
        for line in sign_in_table():
            self.stdout.write(f"  {line}")
        done = (
            "Demo agency loaded."
            if summary.people_created or summary.clients_created
            else ("Demo agency already loaded; nothing changed.")
        )
        self.stdout.write(self.style.SUCCESS(done))

    @staticmethod
    def _counts(summary: DemoSummary) -> str:
        return (
            f"Staff: {summary.people_total} ({summary.people_created} new). "
            f"Clients: {summary.clients_total} ({summary.clients_created} new)."
        )


def sign_in_table() -> list[str]:
    """One line per demo person: username, department, job roles, then the Chinese name
    (last, so the columns stay aligned in a terminal)."""
    lines = [f"{'username':<22}{'dept':<10}{'roles':<30}name"]
    for person in PEOPLE:
        roles = ", ".join(person.roles)
        name = person.full_name + (" (English)" if person.language == "en" else "")
        lines.append(f"{person.username:<22}{person.department:<10}{roles:<30}{name}")
    return lines
