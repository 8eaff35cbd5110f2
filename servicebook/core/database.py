"""Database housekeeping that keeps query plans good."""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    """Let SQLite's planner see current table sizes after a bulk load (ANALYZE via optimize).

    PostgreSQL's autovacuum keeps its own statistics, so nothing is done there.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
