"""``manage.py bench``: what the client register's pages cost as the register grows.

The benchmark never touches the real database. It creates a throwaway one with Django's
test-database machinery (a temporary SQLite file in WAL mode, or ``test_<name>`` on
PostgreSQL), grows it through the requested sizes, and times the client pages through
Django's test client against an empty view, as the manager of one department (a quarter of
the clients) and as the GM (all of them).

The data comes from ``bench_data``; the empty view from ``bench_urls``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from statistics import median
from time import perf_counter

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import Client as HttpClient
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from servicebook.accounts.models import User
from servicebook.clients import selectors
from servicebook.clients.choices import Intent
from servicebook.demo.bench_data import BATCH, Out, Register, grow, prepare_register
from servicebook.demo.bench_urls import EMPTY_PATH

WARMUP_RUNS = 3
PAGES = ("list", "search", "filter", "detail", "last-page")
NOTES = [
    "Bench clients are bulk-inserted: django-simple-history is bypassed (no history rows), "
    "except for the detail-page client, registered and edited through the services.",
    "Pages are requested through django.test.Client with DEBUG=False and plain "
    "StaticFilesStorage (no manifest needed); times are in-process, server only.",
    "load = the machine's 1-minute load average after each page's runs; on a shared "
    "machine, a high load inflates the times (query counts are unaffected).",
]


@dataclass
class Measurement:
    """One page at one size as one persona: queries, median time, ratio to the empty view."""

    size: int
    persona: str
    page: str
    url: str
    status: int
    queries: int
    median_ms: float
    ratio: float = 1.0
    load_1m: float = 0.0  # the machine's load average after the runs: others' work skews times


@dataclass
class Verdict:
    """The query counts of one page (as one persona) at every size: equal or not."""

    persona: str
    page: str
    counts: dict[int, int]

    @property
    def equal(self) -> bool:
        return len(set(self.counts.values())) == 1

    def line(self) -> str:
        if self.equal:
            detail = f"{next(iter(self.counts.values()))} queries at every size"
        else:
            detail = " · ".join(f"{size:,}: {n}" for size, n in self.counts.items())
        return (
            f"  {self.persona:<8} {self.page:<10} {'EQUAL' if self.equal else 'DIFFERS':<8}{detail}"
        )


# --- the throwaway database -------------------------------------------------------------


@contextmanager
def throwaway_database(*, keep: bool, out: Out) -> Iterator[str]:
    """Point the default connection at a new test database; destroy it afterwards.

    On SQLite the test database is a temporary file (WAL, like production), not memory.
    """
    real_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict["TEST"]
    old_test_name = test_settings.get("NAME")
    folder = None
    if connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="servicebook-bench-"))
        test_settings["NAME"] = str(folder / "bench.sqlite3")
    try:
        planned = connection.creation._get_test_db_name()  # type: ignore[attr-defined]
        if str(planned) == str(real_name):
            raise CommandError("The test database name equals the real one; refusing to run.")
        name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        out(f"Throwaway database: {connection.vendor} {name}{_journal_mode()}")
        if keep:
            out("  --keep: it is kept after the run")
        yield str(name)
    finally:
        # Only ever destroy the database create_test_db switched to, never the real one.
        if connection.settings_dict["NAME"] != real_name:
            connection.creation.destroy_test_db(real_name, verbosity=0, keepdb=keep)
        test_settings["NAME"] = old_test_name
        if folder is not None and not keep:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def current_test_database() -> Iterator[str]:
    """Use the database already connected, which must be a test database (for tests)."""
    name = str(connection.settings_dict["NAME"])
    if "memory" not in name and not Path(name).name.startswith(TEST_DATABASE_PREFIX):
        raise CommandError(f"--use-current-db needs a test database, not {name!r}.")
    yield name


def _journal_mode() -> str:
    if connection.vendor != "sqlite":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return f" (journal_mode={cursor.fetchone()[0]})"


# --- measuring ---------------------------------------------------------------------------


def measurement_settings() -> AbstractContextManager[object]:
    """The bench urlconf (with the empty view), DEBUG off, the test client's host allowed."""
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return override_settings(
        ROOT_URLCONF="servicebook.demo.bench_urls",
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={**settings.STORAGES, "staticfiles": static},
    )


def page_urls(register: Register, user: User) -> dict[str, str]:
    """The measured pages: list, search, filter, detail and the list's last page."""
    base = reverse("clients:list")
    visible = selectors.client_list(user, {}).count()
    last = max(1, math.ceil(visible / settings.SERVICEBOOK["PAGE_SIZE"]))
    return {
        "list": base,
        "search": f"{base}?q={register.search_term}",
        "filter": f"{base}?intent={Intent.STRONG}",
        "detail": reverse("clients:detail", args=[register.detail_pk]),
        "last-page": f"{base}?page={last}",
    }


def time_url(http: HttpClient, url: str, requests: int) -> tuple[int, int, float]:
    """Status and queries of the first warm-up request; median ms of ``requests`` timed runs."""
    with CaptureQueriesContext(connection) as captured:
        status = http.get(url, secure=True).status_code
    queries = len(captured)  # now: the next request's reset_queries empties the log
    for _ in range(WARMUP_RUNS - 1):
        http.get(url, secure=True)
    times = []
    for _ in range(requests):
        started = perf_counter()
        response = http.get(url, secure=True)
        times.append(perf_counter() - started)
        status = status if status != 200 else response.status_code
    return status, queries, median(times) * 1000


def measure_size(register: Register, requests: int) -> list[Measurement]:
    """Every page as every persona at the register's current size, empty view first."""
    rows: list[Measurement] = []
    for persona, user in register.cast.personas():
        http = HttpClient()
        http.force_login(user)
        empty = Measurement(
            register.size, persona, "empty", EMPTY_PATH, *time_url(http, EMPTY_PATH, requests)
        )
        empty.load_1m = os.getloadavg()[0]
        rows.append(empty)
        for page, url in page_urls(register, user).items():
            row = Measurement(register.size, persona, page, url, *time_url(http, url, requests))
            row.ratio = row.median_ms / empty.median_ms
            row.load_1m = os.getloadavg()[0]
            rows.append(row)
    return rows


# --- reporting ---------------------------------------------------------------------------


def format_table(rows: list[Measurement]) -> str:
    """A fixed-width table: size, persona, page, queries, median ms, ratio, load, URL."""
    header = ("size", "persona", "page", "queries", "median ms", "× empty", "load")
    lines = ["{:>9}  {:<8} {:<10} {:>7} {:>10} {:>8} {:>5}  url".format(*header)]
    for r in rows:
        failed = "" if r.status == 200 else f"  HTTP {r.status}!"
        lines.append(
            f"{r.size:>9,}  {r.persona:<8} {r.page:<10} {r.queries:>7} {r.median_ms:>10.2f}"
            f" {r.ratio:>8.1f} {r.load_1m:>5.1f}  {r.url}{failed}"
        )
    return "\n".join(lines)


def query_verdicts(rows: list[Measurement]) -> list[Verdict]:
    """For every persona and page, the query count at each size."""
    verdicts: dict[tuple[str, str], Verdict] = {}
    for r in rows:
        verdict = verdicts.setdefault((r.persona, r.page), Verdict(r.persona, r.page, {}))
        verdict.counts[r.size] = r.queries
    return list(verdicts.values())


def report(rows: list[Measurement], out: Out) -> list[str]:
    """Print the results table, the deep-OFFSET rows apart and the verdicts; return problems."""
    out("\nResults (in-process median per request; × empty = ratio to the empty view)")
    out(format_table([r for r in rows if r.page != "last-page"]))
    out("\nDeep OFFSET: the list's last page, reported separately")
    out(format_table([r for r in rows if r.page in ("empty", "last-page")]))
    verdicts = query_verdicts(rows)
    out("\nQuery counts across sizes (required: EQUAL)")
    for verdict in verdicts:
        out(verdict.line())
    problems = [f"{v.persona} {v.page}: queries differ" for v in verdicts if not v.equal]
    problems += [f"{r.size} {r.persona} {r.page}: HTTP {r.status}" for r in rows if r.status != 200]
    out("\nNotes:\n" + "\n".join(f"  - {note}" for note in NOTES))
    return problems


def write_json(path: Path, rows: list[Measurement], sizes: list[int], requests: int) -> None:
    """The results as JSON for later comparison."""
    data = {
        "created_at": datetime.now().astimezone().isoformat(),
        "database": connection.vendor,
        "sizes": sizes,
        "requests": requests,
        "warmup_runs": WARMUP_RUNS,
        "notes": NOTES,
        "measurements": [asdict(r) for r in rows],
        "queries_equal": {f"{v.persona} {v.page}": v.equal for v in query_verdicts(rows)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2))


def run_bench(
    sizes: list[int],
    requests: int,
    *,
    out: Out,
    output_dir: Path,
    keep: bool = False,
    use_current_db: bool = False,
) -> list[str]:
    """Grow the throwaway register through ``sizes``, measure at each, report; return problems."""
    database = current_test_database() if use_current_db else throwaway_database(keep=keep, out=out)
    rows: list[Measurement] = []
    with database:
        register = prepare_register()
        for size in sizes:
            out(f"\nGenerating bench clients up to {size:,} (batches of {BATCH:,})")
            grow(register, size, out)
            with measurement_settings():
                measured = measure_size(register, requests)
            out(format_table(measured))
            rows += measured
    problems = report(rows, out)
    path = output_dir / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    write_json(path, rows, sizes, requests)
    out(f"\nWrote {path}")
    return problems
