"""Exporting the client register to Excel: the list as filtered, in the user's language."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients import excel
from servicebook.clients.models import Client, InformationSource
from servicebook.clients.services import (
    ClientInput,
    ContactInput,
    PropertyInput,
    client_register,
    import_confirm,
    import_preview,
)

pytestmark = pytest.mark.django_db


def full_client(actor: User, i: int, **fields: Any) -> Client:
    """A client with every column of the register filled."""
    return client_register(
        actor=actor,
        data=ClientInput(
            legal_name=f"长沙星河{i}号置业有限公司",
            short_name=f"星河{i}号",
            group_company="星河控股集团",
            client_type="mid",
            product_category="residential",
            address="长沙市岳麓区麓谷大道 1 号",
            information_source=InformationSource.objects.get(name_en="Referral"),
            needs="定位与营销策划",
            intent="strong",
            notes="=1+1 不是公式",
            services=list(ServiceLine.objects.filter(code__in=["market_research", "leasing"])),
            **fields,
        ),
        contacts=[
            ContactInput(
                name=f"李{i}",
                title="营销总监",
                mobile=f"1380013{i:04d}",
                phone="0731-8888 6666",
                email=f"li{i}@example.com",
                wechat=f"li_{i}",
            )
        ],
        properties=[
            PropertyInput(
                name=f"星河湾{i}期",
                city="长沙",
                district="岳麓区",
                site_area=Decimal("12000.50"),
                floor_area=Decimal("35000"),
                stage="pre_sale",
            )
        ],
        confirm_duplicates=True,
    )


def exported(browser: Any, user: User, query: str = "") -> list[dict[str, Any]]:
    """The export as the user downloads it: one dict per client, keyed by column key."""
    browser.force_login(user)
    response = browser.get(reverse("clients:export") + query)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    keys = [column.key for column in excel.COLUMNS]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


def test_an_aes_export_contains_only_the_aes_own_clients(
    client: Any, ae: User, other_ae: User
) -> None:
    mine = {full_client(ae, i).registration_no for i in range(3)}
    full_client(other_ae, 9)

    assert {row["registration_no"] for row in exported(client, ae)} == mine


def test_the_gms_export_contains_all_clients(
    client: Any, gm: User, ae: User, other_ae: User
) -> None:
    everyone = {full_client(user, i).registration_no for i, user in enumerate([ae, other_ae, gm])}

    assert {row["registration_no"] for row in exported(client, gm)} == everyone


def test_the_export_honours_the_search_filter(client: Any, ae: User) -> None:
    full_client(ae, 1)
    wanted = full_client(ae, 2)

    rows = exported(client, ae, "?q=星河2号")
    assert [row["registration_no"] for row in rows] == [wanted.registration_no]


def test_the_export_shows_labels_grouped_phones_and_text_that_is_never_a_formula(
    client: Any, ae: User
) -> None:
    ae.language = "en"
    ae.save(update_fields=["language"])
    full_client(ae, 7)
    client.force_login(ae)
    response = client.get(reverse("clients:export"))

    today = timezone.localdate()
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert quote(f"客户档案登记本-{today:%Y-%m-%d}.xlsx") in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Registration no.", "Date registered", "Company legal name"]
    row = dict(zip([c.key for c in excel.COLUMNS], [cell.value for cell in sheet[2]], strict=True))
    assert row["client_type"] == "Mid-size client"
    assert row["status"] == "Registered"
    assert row["information_source"] == "Referral"
    assert row["services"] == "Market research and positioning、Commercial leasing"
    assert (row["mobile"], row["phone"]) == ("138 0013 0007", "0731-8888 6666")
    assert row["site_area"] == 12000.5
    assert row["notes"] == "=1+1 不是公式"
    assert sheet["AB2"].data_type == "s"


def test_the_exported_file_reimports_cleanly(client: Any, ae: User) -> None:
    originals = [full_client(ae, i) for i in range(3)]
    client.force_login(ae)
    content = client.get(reverse("clients:export")).content

    with translation.override("en"):
        client_import = import_preview(actor=ae, filename="export.xlsx", content=content)
    assert [e for e in client_import.errors if e["level"] == "error"] == []
    assert (client_import.total_rows, client_import.valid_rows) == (3, 3)
    assert import_confirm(actor=ae, client_import=client_import) == 3

    copies = Client.objects.exclude(pk__in=[c.pk for c in originals]).prefetch_related(
        "contacts", "properties", "services"
    )
    by_name = {copy.legal_name: copy for copy in copies}
    for original in Client.objects.filter(pk__in=[c.pk for c in originals]).prefetch_related(
        "contacts", "properties", "services"
    ):
        copy = by_name[original.legal_name]
        assert excel.client_row(copy)[1:] == excel.client_row(original)[1:]
        assert copy.duplicate_links.filter(existing=original).exists()


def test_the_export_query_count_does_not_grow_with_the_number_of_clients(
    client: Any, ae: User
) -> None:
    client.force_login(ae)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("clients:export")).status_code == 200
        return len(captured)

    for i in range(5):
        full_client(ae, i)
    with_5 = queries()
    for i in range(5, 50):
        full_client(ae, i)
    assert queries() == with_5
