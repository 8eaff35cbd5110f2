"""The client register (客户档案登记本) as an Excel workbook: one layout to export and import.

Pure functions, no request and no queries: ``build_register`` writes the clients it is given
(prefetched by the caller), ``read_register`` reads an uploaded file back into raw rows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from servicebook.catalog.models import ServiceLine
from servicebook.clients.choices import (
    ClientStatus,
    ClientType,
    Intent,
    ProductCategory,
    PropertyStage,
)
from servicebook.clients.models import Client, Contact, InformationSource, PropertyProject
from servicebook.core.errors import DomainError
from servicebook.core.phones import format_phone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    """One column of the register: its key, header (English msgid), width, other headers."""

    key: str
    label: Promise
    width: int
    aliases: tuple[str, ...] = ()
    choices: type[models.TextChoices] | None = None
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("registration_no", _("Registration no."), 14, ("登记编号", "登记号", "客户编号")),
    Column("registered_on", _("Date registered"), 12, ("登记日期", "日期")),
    Column(
        "legal_name",
        _("Company legal name"),
        32,
        ("公司名称", "公司全称", "客户名称", "单位名称", "企业名称", "Company name", "Company"),
        required=True,
    ),
    Column("short_name", _("Short name"), 14, ("简称", "公司简称", "客户简称")),
    Column("group_company", _("Group company"), 24, ("所属集团", "集团公司", "集团")),
    Column("client_type", _("Client type"), 12, ("客户类型", "客户类别"), ClientType),
    Column(
        "product_category",
        _("Product category"),
        12,
        ("产品类型", "产品类别", "物业类型"),
        ProductCategory,
    ),
    Column("department", _("Department"), 14, ("部门", "所属部门")),
    Column("owner", _("Owner"), 12, ("负责人", "跟进人", "客户负责人")),
    Column(
        "status", _("Stage"), 12, ("阶段", "状态", "客户阶段", "客户状态", "Status"), ClientStatus
    ),
    Column("intent", _("Intent"), 8, ("意向", "意向程度", "合作意向"), Intent),
    Column("information_source", _("Information source"), 14, ("信息来源", "客户来源", "来源")),
    Column("services", _("Services needed"), 28, ("服务需求", "所需服务", "服务项目", "Services")),
    Column(
        "contact_name",
        _("Contact name"),
        12,
        ("联系人", "联系人姓名", "Contact", "Primary contact"),
        required=True,
    ),
    Column("contact_title", _("Title"), 12, ("职务", "职位", "Contact title")),
    Column("mobile", _("Mobile"), 15, ("手机", "手机号", "手机号码", "移动电话")),
    Column("phone", _("Phone"), 16, ("电话", "固定电话", "座机", "办公电话")),
    Column("email", _("Email"), 24, ("邮箱", "电子邮箱", "电子邮件", "E-mail")),
    Column("wechat", _("WeChat"), 14, ("微信", "微信号")),
    Column(
        "property_name",
        _("Project name"),
        20,
        ("项目名称", "楼盘名称", "楼盘", "Property project", "Property project name"),
    ),
    Column("city", _("City"), 10, ("城市",)),
    Column("district", _("District"), 10, ("区域", "区县", "行政区")),
    Column("site_area", _("Site area (m²)"), 12, ("占地面积",)),
    Column("floor_area", _("Floor area (m²)"), 12, ("建筑面积",)),
    Column(
        "property_stage",
        _("Property stage"),
        12,
        ("项目阶段", "楼盘阶段", "工程进度"),
        PropertyStage,
    ),
    Column("address", _("Address"), 30, ("地址", "公司地址", "联系地址")),
    Column("needs", _("Needs"), 30, ("需求", "客户需求", "需求描述")),
    Column("notes", _("Notes"), 30, ("备注",)),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


# --- Export ---------------------------------------------------------------------------------


def build_register(clients: Iterable[Client]) -> bytes:
    """The register as .xlsx bytes: a header row in the active language, one row per client.

    Each client should carry its contacts (or ``primary_contacts``), properties and services
    prefetched, and its department, owner and information source selected.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Client register")))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append([_header_cell(sheet, column) for column in COLUMNS])
    for client in clients:
        sheet.append([_cell(sheet, value) for value in client_row(client)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template() -> bytes:
    """The import template: the register with its header row only."""
    return build_register([])


def client_row(client: Client) -> list[Any]:
    """One client's values in the order of ``COLUMNS``; phones grouped, labels translated."""
    contact = _primary_contact(client) or Contact()
    prop = next(iter(client.properties.all()), None) or PropertyProject()
    return [
        client.registration_no,
        client.registered_on,
        client.legal_name,
        client.short_name,
        client.group_company,
        str(client.get_client_type_display()),
        str(client.get_product_category_display()),
        client.department.name if client.department_id else "",
        client.owner.display_name if client.owner else "",
        str(client.get_status_display()),
        str(client.get_intent_display()),
        client.information_source.name if client.information_source else "",
        "、".join(service.name for service in client.services.all()),
        contact.name,
        contact.title,
        format_phone(contact.mobile),
        format_phone(contact.phone),
        contact.email,
        contact.wechat,
        prop.name,
        prop.city,
        prop.district,
        prop.site_area,
        prop.floor_area,
        str(prop.get_stage_display()),
        client.address,
        client.needs,
        client.notes,
    ]


def _primary_contact(client: Client) -> Contact | None:
    contacts = getattr(client, "primary_contacts", None)
    if contacts is None:
        contacts = [c for c in client.contacts.all() if c.is_primary]
    return contacts[0] if contacts else None


def _header_cell(sheet: Any, column: Column) -> Cell:
    cell = WriteOnlyCell(sheet, value=str(column.label))
    cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="center")
    return cell


def _cell(sheet: Any, value: Any) -> Any:
    """A value safe to write: no control characters, text never read as a formula."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


# --- Import ---------------------------------------------------------------------------------


@dataclass
class SheetRow:
    """A non-empty row of an uploaded register: its Excel row number and values by column key."""

    number: int
    values: dict[str, Any]


@dataclass
class RegisterSheet:
    """An uploaded register: the headers as written in the file, by column key, and its rows."""

    headers: dict[str, str]
    rows: list[SheetRow] = field(default_factory=list)

    def header(self, key: str) -> str:
        """The column's header as in the file (else in the active language)."""
        return self.headers.get(key) or str(COLUMNS_BY_KEY[key].label)


def read_register(
    filename: str, content: bytes, *, max_rows: int, stop_after: int | None = None
) -> RegisterSheet:
    """Read an uploaded .xlsx into rows keyed by column; empty rows are skipped.

    Raises ``DomainError`` (on the ``file`` field) for anything that is not a readable .xlsx
    register: another format, an empty workbook, no recognisable header, too many rows.
    ``stop_after`` reads only the first rows (for a sample).
    """
    workbook = _open_workbook(filename, content)
    try:
        sheet, header_index, headers = _find_header(workbook)
        rows = list(islice(_data_rows(sheet, header_index, headers, max_rows), stop_after))
    finally:
        workbook.close()
    if not rows:
        raise DomainError(_("The file has no client rows under its header."), field="file")
    return RegisterSheet({key: text for key, (_i, text) in headers.items()}, rows)


def _open_workbook(filename: str, content: bytes) -> Any:
    not_xlsx = DomainError(
        _(
            "This file is not an Excel workbook (.xlsx). Save it in Excel as "
            "“Excel Workbook (*.xlsx)” and upload it again."
        ),
        field="file",
    )
    if not filename.lower().endswith((".xlsx", ".xlsm")) or not zipfile.is_zipfile(
        io.BytesIO(content)
    ):
        raise not_xlsx
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise not_xlsx from error


def _find_header(workbook: Any) -> tuple[Any, int, dict[str, tuple[int, str]]]:
    """The first sheet with a header naming the required columns, within its first rows."""
    empty = True
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
        for index, row in enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)):
            empty = empty and not any(cell_text(v) for v in row)
            headers = recognise_headers(row)
            if all(c.key in headers for c in COLUMNS if c.required):
                return sheet, index, headers
    if empty:
        raise DomainError(_("The workbook is empty."), field="file")
    required = "、".join(f"“{c.label}”" for c in COLUMNS if c.required)
    raise DomainError(
        _(
            "No header row was recognised. A row at the top must name the columns as in the "
            "template, at least %(columns)s."
        )
        % {"columns": required},
        field="file",
    )


def _data_rows(
    sheet: Any, header_index: int, headers: dict[str, tuple[int, str]], max_rows: int
) -> Iterator[SheetRow]:
    count = 0
    rows = sheet.iter_rows(min_row=header_index + 2, values_only=True)
    for number, row in enumerate(rows, start=header_index + 2):
        values = {key: row[i] if i < len(row) else None for key, (i, _text) in headers.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        count += 1
        if count > max_rows:
            raise DomainError(
                _("The file has more than %(max)d rows. Split it into smaller files.")
                % {"max": max_rows},
                field="file",
            )
        yield SheetRow(number, values)


def recognise_headers(row: Iterable[Any]) -> dict[str, tuple[int, str]]:
    """Column key → (position, header as written) for every header this row names."""
    names = header_names()
    found: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(row):
        key = names.get(_header_key(cell_text(value)))
        if key and key not in found:
            found[key] = (index, cell_text(value))
    return found


def header_names() -> dict[str, str]:
    """Every accepted header (Chinese and English labels, aliases), normalised → column key."""
    names: dict[str, str] = {}
    for column in COLUMNS:
        for text in (*bilingual(column.label), column.key, *column.aliases):
            names.setdefault(_header_key(text), column.key)
    return names


def bilingual(label: Promise | str) -> tuple[str, ...]:
    """A translatable label in the active language, in Chinese and in English."""
    with translation.override("zh-hans"):
        chinese = str(label)
    with translation.override("en"):
        english = str(label)
    return (str(label), chinese, english)


_BRACKETED = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_HEADER_NOISE = re.compile(r"[\s.*:：_\-]+")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _HEADER_NOISE.sub("", _BRACKETED.sub("", text))


# --- Cell values ----------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole numbers without ``.0``, dates as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def match_key(text: str) -> str:
    """How typed values are compared with codes and labels: folded, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


_HELP = {
    "registration_no": _("Ignored: each imported client gets a new number."),
    "registered_on": _("YYYY-MM-DD or an Excel date; blank means today."),
    "legal_name": _("A company twice in the file is refused the second time."),
    "department": _("Managers only; blank routes the client by its type."),
    "owner": _("Managers only: a username or full name. Others own what they import."),
    "intent": _("Blank means Medium."),
    "status": _("Blank means Registered."),
    "contact_name": _("The primary contact."),
    "mobile": _("e.g. 138 0013 8000"),
    "phone": _("e.g. 0731-8888 6666"),
    "site_area": _("A number, not negative."),
    "floor_area": _("A number, not negative."),
    "services": _("Separate several with 、 , ; or new lines."),
}


def column_guide(is_manager: bool) -> list[dict[str, Any]]:
    """Each column with its headers in both languages and what it accepts."""
    named = {
        "information_source": InformationSource.objects.filter(is_active=True),
        "services": ServiceLine.objects.filter(is_active=True),
    }
    guide = []
    for column in COLUMNS:
        values = [label for _code, label in column.choices.choices] if column.choices else []
        values += [record.name for record in named.get(column.key, [])]
        headers = dict.fromkeys(bilingual(column.label)[1:])
        guide.append(
            {
                "headers": list(headers),
                "required": column.required,
                "help": _HELP.get(column.key, ""),
                "values": values,
                "ignored": column.key in {"owner", "department"} and not is_manager,
            }
        )
    return guide
