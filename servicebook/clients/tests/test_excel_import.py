"""Importing the client register from Excel: preview every row, then import the valid ones once."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from servicebook.accounts.models import User
from servicebook.clients import excel
from servicebook.clients.models import Client, ClientImport, DuplicateLink, ImportStatus
from servicebook.clients.services import import_confirm, import_discard, import_preview
from servicebook.clients.tests.helpers import register
from servicebook.core.errors import DomainError

pytestmark = pytest.mark.django_db

ENGLISH = {
    "registered_on": "Date registered",
    "legal_name": "Company legal name",
    "short_name": "Short name",
    "client_type": "Client type",
    "product_category": "Product category",
    "owner": "Owner",
    "status": "Stage",
    "intent": "Intent",
    "information_source": "Information source",
    "services": "Services needed",
    "contact_name": "Contact name",
    "contact_title": "Title",
    "mobile": "Mobile",
    "phone": "Phone",
    "email": "Email",
    "property_name": "Project name",
    "city": "City",
    "site_area": "Site area (m²)",
    "floor_area": "Floor area (m²)",
    "property_stage": "Property stage",
    "notes": "Notes",
}
CHINESE = {
    "registered_on": "登记日期",
    "legal_name": "公司名称",
    "short_name": "简称",
    "client_type": "客户类型",
    "product_category": "产品类型",
    "owner": "负责人",
    "status": "客户状态",
    "intent": "意向程度",
    "information_source": "信息来源",
    "services": "服务需求",
    "contact_name": "联系人",
    "contact_title": "职务",
    "mobile": "手机",
    "phone": "电话",
    "email": "电子邮箱",
    "property_name": "楼盘名称",
    "city": "城市",
    "site_area": "占地面积（㎡）",
    "floor_area": "建筑面积（㎡）",
    "property_stage": "项目阶段",
    "notes": "备注",
}


def register_file(rows: list[dict[str, Any] | None], headers: dict[str, str] = ENGLISH) -> bytes:
    """A workbook with ``headers`` and one line per row (``None`` is an empty line)."""
    workbook = Workbook()
    sheet = workbook.active
    keys = list(headers)
    sheet.append([headers[key] for key in keys])
    for row in rows:
        sheet.append([(row or {}).get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_row(i: int, **changes: Any) -> dict[str, Any]:
    """A valid row, unique by ``i``; labels, codes and both languages mixed on purpose."""
    row = {
        "legal_name": f"导入测试置业{i:04d}有限公司",
        "client_type": ["Mid-size client", "small", "Key client"][i % 3],
        "product_category": "Residential",
        "intent": ["strong", "", "Weak"][i % 3],
        "information_source": ["Referral", "客户推荐", "Incoming call"][i % 3],
        "services": "市场调查及定位、Project marketing planning",
        "contact_name": f"联系人{i}",
        "contact_title": "营销总监",
        "mobile": f"139 {i:04d} {i:04d}",
        "email": f"contact{i}@example.com",
        "property_name": f"导入花园{i}期",
        "city": "长沙",
        "site_area": 12000.5,
        "floor_area": 35000,
        "property_stage": "On sale",
    }
    return row | changes


def preview(actor: User, rows: list[dict[str, Any] | None], **kwargs: Any) -> ClientImport:
    with translation.override("en"):
        return import_preview(
            actor=actor, filename="register.xlsx", content=register_file(rows, **kwargs)
        )


def errors_of(client_import: ClientImport) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in client_import.errors if e["level"] == "error"]


BAD_ROWS: dict[int, tuple[dict[str, Any], str]] = {
    # index in the file → (changes to a good row, the column reported)
    3: ({"legal_name": ""}, "Company legal name"),
    57: ({"mobile": "12345"}, "Mobile"),
    120: ({"client_type": "巨型客户"}, "Client type"),
    250: ({"site_area": -5}, "Site area (m²)"),
    333: ({"email": "not-an-email"}, "Email"),
    600: ({"legal_name": "导入测试置业 0010 有限公司"}, "Company legal name"),
    701: ({"registered_on": "2026-13-45"}, "Date registered"),
    802: ({"contact_name": ""}, "Contact name"),
    903: ({"information_source": "飞鸽传书"}, "Information source"),
    999: ({"services": "风水咨询"}, "Services needed"),
}


def test_a_1000_row_register_with_10_bad_rows_previews_990_valid_and_imports_them_on_confirmation(
    ae: User,
) -> None:
    rows: list[dict[str, Any] | None] = []
    expected: list[tuple[int, str]] = []
    for i in range(1000):
        changes, column = BAD_ROWS.get(i, ({}, ""))
        if i == 500:
            rows.append(None)  # an empty line is skipped silently
        rows.append(good_row(i, **changes))
        if column:
            expected.append((len(rows) + 1, column))  # the header is row 1

    with CaptureQueriesContext(connection) as queries:
        client_import = preview(ae, rows)

    assert client_import.status == ImportStatus.PREVIEWED
    assert (client_import.total_rows, client_import.valid_rows) == (1000, 990)
    assert errors_of(client_import) == expected
    assert len(queries) < 15  # lookups are loaded once, not per row
    assert Client.objects.count() == 0

    assert import_confirm(actor=ae, client_import=client_import) == 990

    client_import.refresh_from_db()
    assert client_import.status == ImportStatus.IMPORTED
    assert client_import.imported_count == 990
    assert client_import.imported_at is not None
    year = timezone.localdate().year
    numbers = sorted(Client.objects.values_list("registration_no", flat=True))
    assert numbers == [f"KH-{year}-{n:04d}" for n in range(1, 991)]


def test_an_imported_row_keeps_every_column_of_the_file(ae: User) -> None:
    row = good_row(
        1,
        registered_on=datetime(2025, 3, 9),
        short_name="导入一号",
        status="Researching",
        phone="(0731) 8888 6666",
        notes="老客户介绍",
    )
    client_import = preview(ae, [row])
    import_confirm(actor=ae, client_import=client_import)

    client = Client.objects.get()
    contact = client.contacts.get()
    prop = client.properties.get()
    assert client.registration_no == "KH-2025-0001"
    assert client.registered_on == date(2025, 3, 9)
    assert (client.client_type, client.intent, client.status) == ("small", "medium", "researching")
    assert client.information_source.name_zh == "客户推荐"
    assert sorted(s.code for s in client.services.all()) == [
        "market_research",
        "marketing_planning",
    ]
    assert (contact.mobile, contact.phone, contact.is_primary) == (
        "13900010001",
        "073188886666",
        True,
    )
    assert (prop.site_area, prop.floor_area, prop.stage) == (
        Decimal("12000.50"),
        Decimal("35000.00"),
        "on_sale",
    )
    assert client.notes == "老客户介绍"


def test_confirming_twice_imports_once(ae: User) -> None:
    client_import = preview(ae, [good_row(i) for i in range(3)])
    assert import_confirm(actor=ae, client_import=client_import) == 3

    with translation.override("en"), pytest.raises(DomainError, match="already been imported"):
        import_confirm(actor=ae, client_import=ClientImport.objects.get(pk=client_import.pk))
    with pytest.raises(DomainError):
        import_discard(actor=ae, client_import=client_import)
    assert Client.objects.count() == 3


def test_a_discarded_file_cannot_be_imported_and_its_content_is_erased(ae: User) -> None:
    client_import = preview(ae, [good_row(1)])
    import_discard(actor=ae, client_import=client_import)

    with pytest.raises(DomainError):
        import_confirm(actor=ae, client_import=client_import)
    client_import.refresh_from_db()
    assert client_import.status == ImportStatus.DISCARDED
    assert bytes(client_import.content) == b""
    assert Client.objects.count() == 0


def test_only_the_uploader_can_confirm_an_import(ae: User, other_ae: User) -> None:
    client_import = preview(ae, [good_row(1)])

    with pytest.raises(DomainError):
        import_confirm(actor=other_ae, client_import=client_import)
    assert Client.objects.count() == 0


def _empty_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _headerless_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["客户", "电话号码", "金额"])
    workbook.active.append(["长沙星河置业", "13800138000", 100])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("register.xlsx", b"Company,Contact\nStar River,Li\n", "not an Excel workbook (.xlsx)"),
        ("register.csv", b"Company,Contact\nStar River,Li\n", "not an Excel workbook (.xlsx)"),
        (
            "register.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "not an Excel workbook",
        ),
        ("register.xlsx", _empty_workbook(), "The workbook is empty."),
        ("register.xlsx", _headerless_workbook(), "No header row was recognised"),
        ("register.xlsx", register_file([]), "no client rows"),
    ],
    ids=["renamed-text", "csv", "xls", "empty-workbook", "no-header", "header-only"],
)
def test_a_file_that_is_not_a_register_is_refused_with_a_clear_message_and_changes_nothing(
    ae: User, filename: str, content: bytes, message: str
) -> None:
    with translation.override("en"):
        with pytest.raises(DomainError) as refused:
            import_preview(actor=ae, filename=filename, content=content)
        assert message in str(refused.value.message)
    assert refused.value.field == "file"
    with translation.override("zh-hans"), pytest.raises(DomainError) as in_chinese:
        import_preview(actor=ae, filename=filename, content=content)
    assert re.search(r"[\u4e00-\u9fff]", str(in_chinese.value.message))
    assert Client.objects.count() == 0
    assert ClientImport.objects.count() == 0


def test_a_file_over_the_row_limit_is_refused(ae: User, settings: Any) -> None:
    settings.SERVICEBOOK = {**settings.SERVICEBOOK, "IMPORT_MAX_ROWS": 5}

    with translation.override("en"), pytest.raises(DomainError, match="more than 5 rows"):
        import_preview(
            actor=ae, filename="big.xlsx", content=register_file([good_row(i) for i in range(6)])
        )
    assert ClientImport.objects.count() == 0


def test_row_errors_are_written_in_the_language_active_at_preview_time(ae: User) -> None:
    client_import = preview(ae, [good_row(1, client_type="huge", site_area="lots")])

    messages = {e["column"]: e["message"] for e in client_import.errors}
    assert messages["Client type"] == (
        "“huge” is not one of the allowed values: "
        "Group client / Key client / Mid-size client / Small client."
    )
    assert messages["Site area (m²)"] == "Enter a number."


def test_the_importer_who_is_not_a_manager_owns_the_imported_rows(ae: User, other_ae: User) -> None:
    client_import = preview(ae, [good_row(1, owner="ae2"), good_row(2, owner="Ae2")])
    assert client_import.valid_rows == 2

    import_confirm(actor=ae, client_import=client_import)
    assert set(Client.objects.values_list("owner__username", flat=True)) == {"ae1"}


def test_a_managers_owner_column_is_honoured(mkt_manager: User, ae: User, other_ae: User) -> None:
    rows = [good_row(1, owner="ae2"), good_row(2, owner="Ae1"), good_row(3, owner="")]
    client_import = preview(mkt_manager, rows)
    import_confirm(actor=mkt_manager, client_import=client_import)

    owners = dict(Client.objects.values_list("legal_name", "owner__username"))
    assert owners == {
        "导入测试置业0001有限公司": "ae2",
        "导入测试置业0002有限公司": "ae1",
        "导入测试置业0003有限公司": None,
    }


def test_a_managers_unknown_owner_is_an_error(mkt_manager: User) -> None:
    client_import = preview(mkt_manager, [good_row(1, owner="nobody")])
    assert errors_of(client_import) == [(2, "Owner")]


@pytest.mark.parametrize("headers", [ENGLISH, CHINESE], ids=["english", "chinese"])
def test_headers_in_english_are_accepted_as_well_as_chinese(
    ae: User, headers: dict[str, str]
) -> None:
    row = good_row(1, client_type="集团客户" if headers is CHINESE else "Group client")
    client_import = preview(ae, [row], headers=headers)
    assert (client_import.total_rows, client_import.valid_rows, client_import.errors) == (1, 1, [])

    import_confirm(actor=ae, client_import=client_import)
    client = Client.objects.get()
    assert (client.legal_name, client.client_type) == ("导入测试置业0001有限公司", "group")
    assert client.properties.get().floor_area == Decimal("35000.00")


def test_unknown_columns_are_ignored_and_errors_name_the_header_as_written(ae: User) -> None:
    headers = {
        "legal_name": "公司名称",
        "contact_name": "联系人",
        "mobile": "手机号码",
        "x": "内部编号",
    }
    client_import = preview(ae, [good_row(1, mobile="123", x="A-1")], headers=headers)
    assert errors_of(client_import) == [(2, "手机号码")]


def test_a_row_like_an_existing_client_is_imported_with_a_warning_and_a_duplicate_link(
    ae: User,
) -> None:
    existing = register(ae, name="导入测试置业0001有限公司")
    client_import = preview(ae, [good_row(1), good_row(2)])

    warnings = [e for e in client_import.errors if e["level"] == "warning"]
    assert [(w["row"], w["column"]) for w in warnings] == [(2, "Company legal name")]
    assert existing.registration_no in warnings[0]["message"]
    assert client_import.valid_rows == 2

    import_confirm(actor=ae, client_import=client_import)
    link = DuplicateLink.objects.get()
    assert (link.existing, link.client.legal_name) == (existing, "导入测试置业0001有限公司")


# --- Pages ----------------------------------------------------------------------------------


def _upload(browser: Any, content: bytes, name: str = "register.xlsx") -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return browser.post(reverse("clients:import"), {"file": upload})


def test_uploading_a_register_shows_its_preview_and_confirming_imports_the_valid_rows(
    client: Any, ae: User
) -> None:
    ae.language = "en"
    ae.save(update_fields=["language"])
    client.force_login(ae)
    response = _upload(client, register_file([good_row(1), good_row(2, mobile="1"), good_row(3)]))
    client_import = ClientImport.objects.get()
    assert response.url == reverse("clients:import_preview", args=[client_import.pk])

    page = client.get(response.url).content.decode()
    assert "Import 2 valid rows" in page
    assert "Enter a valid phone number" in page
    assert "导入测试置业0003有限公司" in page

    response = client.post(response.url, {"action": "confirm"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("clients:list")
    assert "Imported 2 clients." in response.content.decode()
    assert Client.objects.count() == 2


def test_a_refused_upload_shows_the_reason_beside_the_field(client: Any, ae: User) -> None:
    ae.language = "en"
    ae.save(update_fields=["language"])
    client.force_login(ae)
    response = _upload(client, b"just text", name="register.txt")

    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()
    assert ClientImport.objects.count() == 0


def test_the_upload_page_links_the_blank_template_which_has_the_header_row_only(
    client: Any, ae: User
) -> None:
    client.force_login(ae)
    assert (
        reverse("clients:import_template") in client.get(reverse("clients:import")).content.decode()
    )

    response = client.get(reverse("clients:import_template"))
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    with translation.override("en"):
        sheet = excel.read_register("t.xlsx", register_file([good_row(1)]), max_rows=10)
        assert sheet.header("legal_name") == "Company legal name"
        with pytest.raises(DomainError, match="no client rows"):
            excel.read_register("template.xlsx", response.content, max_rows=10)


def test_another_users_import_preview_is_a_404(client: Any, ae: User, other_ae: User) -> None:
    client_import = preview(ae, [good_row(1)])
    client.force_login(other_ae)
    url = reverse("clients:import_preview", args=[client_import.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "confirm"}).status_code == 404
    assert Client.objects.count() == 0


def test_a_row_at_a_later_stage_is_imported_as_registered_with_a_warning(ae: User) -> None:
    content = register_file([good_row(1, status="已签约"), good_row(2, status="researching")])
    with translation.override("en"):
        preview = import_preview(actor=ae, filename="stages.xlsx", content=content)
    warnings = [issue for issue in preview.errors if issue["level"] == "warning"]
    assert [issue["row"] for issue in warnings] == [2]
    assert "reached through the pipeline" in warnings[0]["message"]
    import_confirm(actor=ae, client_import=preview)
    stages = dict(Client.objects.values_list("legal_name", "status"))
    assert stages == {
        "导入测试置业0001有限公司": "registered",
        "导入测试置业0002有限公司": "researching",
    }
