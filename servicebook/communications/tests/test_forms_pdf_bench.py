"""``servicebook bench --pdf``: the 2- and 20-page monthly logs are laid out and reported per
page. The seconds themselves are the command's business, never asserted here."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_pdf_bench_reports_seconds_per_page_for_a_short_and_a_long_log(monkeypatch):
    # Timing is not tested: the per-page verdict may say anything on a busy machine.
    monkeypatch.setattr("servicebook.demo.bench_pdf.PER_PAGE_TOLERANCE", float("inf"))
    out = StringIO()
    call_command("bench", pdf=True, requests=1, use_current_db=True, stdout=out)
    output = out.getvalue()
    assert "s/page" in output
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", output, re.MULTILINE)
    assert [int(pages) for pages, *_rest in rows] == [2, 20]
    assert "per-page cost, 20 vs 2 pages" in output
