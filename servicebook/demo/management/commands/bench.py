"""``manage.py bench``: time the client pages at growing register sizes, on a throwaway DB."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from servicebook.demo.bench import run_bench
from servicebook.demo.bench_pdf import run_pdf_bench


def parse_sizes(text: str) -> list[int]:
    """``"10000,100000"`` → ``[10000, 100000]``: positive and growing, since data accumulates."""
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"--sizes takes comma-separated whole numbers, not {text!r}") from error
    if not sizes or sizes[0] < 1 or sizes != sorted(set(sizes)):
        raise CommandError("--sizes must be positive and strictly increasing, e.g. 10000,100000")
    return sizes


class Command(BaseCommand):
    """Benchmark the client list and detail pages; never touches the real database."""

    help = (
        "Grow a throwaway database to each size (clients with contacts and a property "
        "project) and time the client pages against an empty view; writes var/bench-*.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", default="10000,100000", help="client counts, growing")
        parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
        parser.add_argument("--keep", action="store_true", help="keep the bench database")
        parser.add_argument("--output-dir", type=Path, default=None, help="default: var/")
        parser.add_argument(
            "--pdf",
            action="store_true",
            help="instead: seconds per page of a 2-page and a 20-page monthly log PDF",
        )
        # For the command's own test: pytest has already created a test database.
        parser.add_argument("--use-current-db", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 1:
            raise CommandError("--requests must be at least 1")
        if options["pdf"]:
            self._pdf(options)
            return
        problems = run_bench(
            parse_sizes(options["sizes"]),
            options["requests"],
            out=self._out,
            output_dir=options["output_dir"] or Path(settings.VAR_DIR),
            keep=options["keep"],
            use_current_db=options["use_current_db"],
        )
        if problems:
            raise CommandError("Benchmark found problems: " + "; ".join(problems))
        self._out(self.style.SUCCESS("Query counts are equal across sizes for every page."))

    def _pdf(self, options: dict[str, Any]) -> None:
        """``--pdf``: the monthly log's PDF, short and long (``--requests`` timed layouts)."""
        problems = run_pdf_bench(
            min(options["requests"], 5),
            out=self._out,
            keep=options["keep"],
            use_current_db=options["use_current_db"],
        )
        if problems:
            raise CommandError("PDF benchmark found problems: " + "; ".join(problems))
        self._out(self.style.SUCCESS("A long PDF costs no more per page than a short one."))

    def _out(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
