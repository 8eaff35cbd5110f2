"""``servicebook pdf_specimen``: write the print test page as a PDF and name the fonts used."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from servicebook.documents.fonts import FontMissing, cjk_fonts
from servicebook.documents.pdf import render_pdf
from servicebook.documents.specimen import TEMPLATE, specimen_context


class Command(BaseCommand):
    help = "Write the print test page (letterhead, Chinese text, a table) as a PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", nargs="?", default="servicebook-specimen.pdf")
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--watermark", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fonts = cjk_fonts()
        except FontMissing as error:
            raise CommandError(str(error.message)) from error
        with translation.override(options["language"]):
            started = time.perf_counter()
            pdf = render_pdf(TEMPLATE, specimen_context(fonts), watermark=options["watermark"])
            seconds = time.perf_counter() - started
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(f"{options['output']}: {len(pdf) // 1024} KB in {seconds:.2f} s")
        self.stdout.write(f"Chinese font (packaged): {fonts.sans or '—'}")
        self.stdout.write(f"Chinese font (system): {fonts.system_sans or '—'}")
        self.stdout.write(
            f"Bold Chinese face: {fonts.system_bold or '— (apt-get install fonts-noto-cjk)'}"
        )
