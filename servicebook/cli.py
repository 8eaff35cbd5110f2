"""The ``servicebook`` console command: a thin wrapper around Django's management commands.

``servicebook demo`` loads the demo agency, ``servicebook serve`` serves the app,
``servicebook bench`` runs the benchmark; any other word is passed to manage.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``servicebook demo``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    execute_from_command_line(
        ["servicebook", *args[1:]] if len(args) > 1 else ["servicebook", "help"]
    )


if __name__ == "__main__":
    main()
