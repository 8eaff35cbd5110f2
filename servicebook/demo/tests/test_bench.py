"""The benchmark command, run with tiny sizes on the test database."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from servicebook.clients.models import Client
from servicebook.clients.services import ClientInput, ContactInput, PropertyInput
from servicebook.clients.services._records import search_text
from servicebook.demo.bench import PAGES
from servicebook.demo.bench_data import grow, prepare_register


@pytest.mark.django_db
def test_the_bench_reports_equal_query_counts_for_every_page_at_every_size(
    tmp_path: Path,
) -> None:
    out = StringIO()
    call_command(
        "bench", sizes="30,60", requests=2, use_current_db=True, output_dir=tmp_path, stdout=out
    )
    output = out.getvalue()
    for persona in ("manager", "gm"):
        for page in PAGES:
            assert re.search(rf"{persona}\s+{page}\s+EQUAL", output), (persona, page, output)
    assert "DIFFERS" not in output
    results = json.loads(next(tmp_path.glob("bench-*.json")).read_text())
    assert {m["size"] for m in results["measurements"]} == {30, 60}
    assert all(m["status"] == 200 for m in results["measurements"])
    assert all(m["queries"] > 0 for m in results["measurements"] if m["page"] != "empty")


@pytest.mark.django_db
def test_generated_clients_carry_the_search_text_the_service_would_compute() -> None:
    register = prepare_register()
    grow(register, 8, out=lambda line: None)
    generated = Client.objects.filter(registration_no__startswith="KH-2026-0000")
    assert generated.count() == 8
    for client in generated.prefetch_related("contacts", "properties"):
        data = ClientInput(client.legal_name, client.short_name, client.group_company)
        contacts = [
            ContactInput(c.name, mobile=c.mobile, phone=c.phone) for c in client.contacts.all()
        ]
        properties = [PropertyInput(p.name) for p in client.properties.all()]
        expected = search_text(client.registration_no, data, contacts, properties)
        assert client.search_text == expected


def test_the_bench_refuses_sizes_that_do_not_grow() -> None:
    with pytest.raises(CommandError, match="increasing"):
        call_command("bench", sizes="100,10", use_current_db=True)


def test_the_bench_refuses_to_run_on_a_database_that_is_not_a_test_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/var/servicebook.sqlite3")
    with pytest.raises(CommandError, match="needs a test database"):
        call_command("bench", sizes="10", requests=1, use_current_db=True)
