"""The ``servicebook`` console command: a thin wrapper around Django's management commands.

``servicebook demo`` loads the demo agency, ``servicebook serve`` serves the app,
``servicebook worker`` runs the background worker, ``servicebook bench`` runs the
benchmark; any other word is passed to manage.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``servicebook demo``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if args[1:2] == ["worker"]:
        worker(args[2:])
        return
    execute_from_command_line(
        ["servicebook", *args[1:]] if len(args) > 1 else ["servicebook", "help"]
    )


def worker(options: list[str]) -> None:
    """``servicebook worker [run_huey options]``: the background worker (ADR 11).

    It first asks again for what a stopped worker left behind — queued messages whose time
    has come, messages whose sender's lease ran out — then consumes the queue (huey's
    consumer, 2 threads by default: ``--workers N``) and runs the periodic tasks (the
    outbox sweep every minute). Run one worker with periodic tasks; start any further
    worker with ``--no-periodic``.
    """
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    if not {"-h", "--help"} & set(options):
        from servicebook.communications.services.outbox import outbox_sweep

        waiting = outbox_sweep(on_start=True)
        print(f"Servicebook worker: {waiting} waiting message(s) queued again.", flush=True)
    execute_from_command_line(["servicebook", "run_huey", *options])


if __name__ == "__main__":
    main()
