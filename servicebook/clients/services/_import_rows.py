"""Reading the rows of an uploaded register into registration inputs, with an issue per bad cell.

Values are matched against lookups loaded once per file (no query per row); cells are checked
with the client forms' own field rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, Literal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.choices import DepartmentCode
from servicebook.accounts.models import Department, User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.choices import OPENING_STAGES, ClientStatus, Intent
from servicebook.clients.excel import (
    COLUMNS,
    COLUMNS_BY_KEY,
    RegisterSheet,
    SheetRow,
    bilingual,
    cell_text,
    match_key,
)
from servicebook.clients.models import Client, InformationSource
from servicebook.clients.names import normalise_company_name
from servicebook.clients.services.inputs import ClientInput, ContactInput, PropertyInput
from servicebook.core.phones import clean_phone_field

Level = Literal["error", "warning"]
ERROR: Final = "error"
WARNING: Final = "warning"
_CONTACT_COLUMNS = {"name": "contact_name", "title": "contact_title", "mobile": "mobile"} | {
    "phone": "phone",
    "email": "email",
    "wechat": "wechat",
}
_PROPERTY_COLUMNS = {"name": "property_name", "city": "city", "district": "district"} | {
    "site_area": "site_area",
    "floor_area": "floor_area",
    "stage": "property_stage",
}
_SERVICE_SEPARATORS = re.compile(r"[、,，;；\n\r]+")
_AREA_UNITS = re.compile(r"(㎡|m²|m2|平方米|平米)$", re.IGNORECASE)

# Chinese spellings of the fixed choices as registers and the handbook write them, accepted
# besides the codes and the labels in both languages (which come from the translation catalog).
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "client_type": {
        "group": ("集团客户",),
        "key": ("重点客户", "大客户"),
        "mid": ("中型客户", "中小客户"),
        "small": ("小型客户", "小客户"),
    },
    "product_category": {
        "residential": ("住宅",),
        "commercial": ("商业",),
        "office": ("写字楼", "办公"),
        "mixed_use": ("综合体", "商住"),
        "tourism": ("旅游", "文旅"),
        "industrial": ("产业园", "工业"),
        "other": ("其他",),
    },
    "status": {
        "discovered": ("发现客户",),
        "brochure_sent": ("递交公司宣传资料", "已递交资料"),
        "registered": ("已登记", "登记"),
        "researching": ("收集资料",),
        "assigned": ("经理分配", "已分配"),
        "following_up": ("客户跟进", "跟进中"),
        "proposal": ("提交建议提案", "提案"),
        "abandoned": ("放弃", "已放弃"),
        "reported": ("已汇报", "向经理汇报"),
        "negotiating": ("谈判", "谈判中"),
        "contracted": ("签定合同", "签订合同", "已签约"),
    },
    "intent": {"strong": ("强", "意向强"), "medium": ("中", "一般"), "weak": ("弱", "意向弱")},
    "property_stage": {
        "land_acquired": ("已拿地", "土地获取"),
        "design": ("设计", "规划设计"),
        "construction": ("施工", "在建"),
        "pre_sale": ("预售",),
        "on_sale": ("在售", "销售中"),
        "completed": ("竣工", "已竣工"),
    },
    "department": {
        "cs": ("客户服务部",),
        "mkt": ("营销事业部",),
        "ka": ("大客户服务中心",),
        "creative": ("创作部",),
    },
}


@dataclass(frozen=True)
class ImportIssue:
    """A problem (or, as a warning, a caution) on one row and column of the file."""

    row: int
    column: str
    message: str
    level: Level = ERROR

    def as_json(self) -> dict[str, Any]:
        """The issue as stored in ``ClientImport.errors``."""
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class ImportRow:
    """One row of the file read into the registration inputs, with its issues."""

    number: int
    data: ClientInput
    contact: ContactInput
    project: PropertyInput | None
    registered_on: date
    status: str
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """Whether the row can be imported (warnings do not stop it)."""
        return not any(issue.level == ERROR for issue in self.issues)


@dataclass
class Lookups:
    """Everything a row's values are matched against, loaded once per file."""

    choices: dict[str, dict[str, str]]
    sources: dict[str, InformationSource]
    services: dict[str, ServiceLine]
    departments: dict[str, Department]
    usernames: dict[str, User]
    full_names: dict[str, list[User]]
    manager: bool
    today: date

    @classmethod
    def load(cls, actor: User) -> Lookups:
        """Choices, active sources and services; staff and departments for a manager."""
        manager = actor.is_manager
        staff = list(User.objects.filter(is_active=True)) if manager else []
        full_names: dict[str, list[User]] = {}
        for user in staff:
            for name in {user.full_name, user.get_full_name()} - {""}:
                full_names.setdefault(match_key(name), []).append(user)
        return cls(
            choices={c.key: choice_values(c.key, c.choices) for c in COLUMNS if c.choices},
            sources=_by_names(InformationSource.objects.filter(is_active=True)),
            services=_by_names(ServiceLine.objects.filter(is_active=True), also=("code",)),
            departments=_departments() if manager else {},
            usernames={match_key(user.username): user for user in staff},
            full_names=full_names,
            manager=manager,
            today=timezone.localdate(),
        )


def choice_values(key: str, choices: type[models.TextChoices]) -> dict[str, str]:
    """Accepted spellings of a column's fixed choices (code, labels, aliases) → code."""
    accepted: dict[str, str] = {}
    for code, label in choices.choices:
        for text in (code, *bilingual(label)):
            accepted.setdefault(match_key(text), code)
    for code, aliases in CHOICE_ALIASES.get(key, {}).items():
        for text in aliases:
            accepted.setdefault(match_key(text), code)
    return accepted


def _by_names(records: Iterable[Any], also: tuple[str, ...] = ()) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in records:
        for name in ("name_zh", "name_en", *also):
            found.setdefault(match_key(getattr(record, name)), record)
    return found


def _departments() -> dict[str, Department]:
    departments = {d.code: d for d in Department.objects.all()}
    codes = choice_values("department", DepartmentCode)
    return {text: departments[code] for text, code in codes.items() if code in departments}


def check_rows(sheet: RegisterSheet, lookups: Lookups) -> list[ImportRow]:
    """Every row read and checked; a row repeating an earlier row's company is an error."""
    rows = [_RowCheck(sheet, row, lookups).run() for row in sheet.rows]
    first_row: dict[str, int] = {}
    for row in rows:
        key = normalise_company_name(row.data.legal_name)
        if key in first_row:
            message = _("Same company as row %(row)d of this file.") % {"row": first_row[key]}
            row.issues.append(ImportIssue(row.number, sheet.header("legal_name"), str(message)))
        elif key:
            first_row[key] = row.number
    return rows


@functools.cache
def _form_fields() -> dict[str, forms.Field]:
    """The contact and property form fields, whose rules the import applies to cells."""
    from servicebook.clients.forms import ContactForm, PropertyForm  # forms import services

    fields = {_CONTACT_COLUMNS.get(n): f for n, f in ContactForm.base_fields.items()}
    fields |= {_PROPERTY_COLUMNS.get(n): f for n, f in PropertyForm.base_fields.items()}
    return {key: rule for key, rule in fields.items() if key}


class _RowCheck:
    """Reads one row into registration inputs, collecting an issue per bad cell."""

    def __init__(self, sheet: RegisterSheet, row: SheetRow, lookups: Lookups) -> None:
        self.sheet = sheet
        self.row = row
        self.lookups = lookups
        self.issues: list[ImportIssue] = []

    def run(self) -> ImportRow:
        return ImportRow(
            number=self.row.number,
            data=self.client(),
            contact=self.contact(),
            project=self.project(),
            registered_on=self.registered_on(),
            status=self.opening_stage(),
            issues=self.issues,
        )

    def text(self, key: str) -> str:
        return cell_text(self.row.values.get(key))

    def opening_stage(self) -> str:
        """The stage from the file if a client can be put on file at it, else Registered."""
        stage = self.choice("status") or ClientStatus.REGISTERED
        if stage in OPENING_STAGES:
            return stage
        message = _("%(stage)s is reached through the pipeline; imported as %(registered)s.")
        labels = {"stage": ClientStatus(stage).label, "registered": ClientStatus.REGISTERED.label}
        self.warn("status", message % labels)
        return ClientStatus.REGISTERED

    def error(self, key: str, message: Any, level: Level = ERROR) -> None:
        issue = ImportIssue(self.row.number, self.sheet.header(key), str(message), level)
        if issue not in self.issues:
            self.issues.append(issue)

    def warn(self, key: str, message: Any) -> None:
        self.error(key, message, WARNING)

    def client(self) -> ClientInput:
        legal_name = self.model_text("legal_name")
        if not legal_name:
            self.error("legal_name", _("Enter the company's legal name."))
        manager = self.lookups.manager
        return ClientInput(
            legal_name=legal_name,
            short_name=self.model_text("short_name"),
            group_company=self.model_text("group_company"),
            client_type=self.choice("client_type"),
            product_category=self.choice("product_category"),
            address=self.model_text("address"),
            information_source=self.named("information_source", self.lookups.sources),
            needs=self.text("needs"),
            intent=self.choice("intent") or Intent.MEDIUM,
            notes=self.text("notes"),
            services=self.services(),
            department=self.named("department", self.lookups.departments) if manager else None,
            owner=self.owner() if manager else None,
        )

    def model_text(self, key: str) -> str:
        """Text for a client field of the same name, within the field's length."""
        value = self.text(key)
        model_field = Client._meta.get_field(key)
        assert isinstance(model_field, models.CharField)
        try:
            MaxLengthValidator(model_field.max_length)(value)
        except ValidationError as error:
            self.error(key, error.messages[0])
        return value

    def cleaned(self, key: str, value: str, rule: Callable[[Any], Any] | None = None) -> Any:
        """``value`` through the form field of the column (and ``rule``); ``None`` if refused."""
        try:
            cleaned = _form_fields()[key].clean(value)
            return rule(cleaned) if rule else cleaned
        except ValidationError as error:
            for message in error.messages:
                self.error(key, message)
            return None

    def choice(self, key: str) -> str:
        value = self.text(key)
        code = self.lookups.choices[key].get(match_key(value)) if value else ""
        if code is None:
            choices = COLUMNS_BY_KEY[key].choices
            self.error(key, _not_allowed(value, choices.labels if choices else []))
        return code or ""

    def named(self, key: str, records: dict[str, Any]) -> Any:
        """A record named in the cell (information source, department), or ``None``."""
        value = self.text(key)
        record = records.get(match_key(value)) if value else None
        if value and record is None:
            self.error(key, _not_allowed(value, _distinct_names(records.values())))
        return record

    def services(self) -> list[ServiceLine]:
        names = [n.strip() for n in _SERVICE_SEPARATORS.split(self.text("services")) if n.strip()]
        found = [self.lookups.services.get(match_key(name)) for name in names]
        unknown = [name for name, service in zip(names, found, strict=True) if service is None]
        if unknown:
            allowed = _distinct_names(self.lookups.services.values())
            self.error("services", _not_allowed("、".join(unknown), allowed))
        return list(dict.fromkeys(service for service in found if service is not None))

    def owner(self) -> User | None:
        """The owner a manager named, by username or full name."""
        value = self.text("owner")
        if not value:
            return None
        if user := self.lookups.usernames.get(match_key(value)):
            return user
        matches = self.lookups.full_names.get(match_key(value), [])
        if len(matches) > 1:
            message = _("Several staff members are called “%(name)s”; use the username.")
            self.error("owner", message % {"name": value})
        elif not matches:
            message = _("No active staff member has the username or name “%(name)s”.")
            self.error("owner", message % {"name": value})
        return matches[0] if len(matches) == 1 else None

    def registered_on(self) -> date:
        try:
            value = _cell_date(self.row.values.get("registered_on"))
        except ValueError:
            self.error("registered_on", _("Enter the date as YYYY-MM-DD, e.g. 2026-11-27."))
            return self.lookups.today
        if value and value > self.lookups.today:
            self.error("registered_on", _("The registration date cannot be in the future."))
        return value or self.lookups.today

    def contact(self) -> ContactInput:
        name = self.cleaned("contact_name", self.text("contact_name")) or ""
        if not name:
            self.error("contact_name", _("Enter the contact's name."))
        phone = clean_phone_field
        return ContactInput(
            name=name,
            title=self.cleaned("contact_title", self.text("contact_title")) or "",
            mobile=self.cleaned("mobile", self.text("mobile"), phone) or "",
            phone=self.cleaned("phone", self.text("phone"), phone) or "",
            email=self.cleaned("email", self.text("email")) or "",
            wechat=self.cleaned("wechat", self.text("wechat")) or "",
            is_primary=True,
        )

    def project(self) -> PropertyInput | None:
        values = {key: self.text(key) for key in ("property_name", "city", "district")}
        values["site_area"] = _area_text(self.row.values.get("site_area"))
        values["floor_area"] = _area_text(self.row.values.get("floor_area"))
        values["property_stage"] = self.choice("property_stage")
        if not values["property_name"] and any(values.values()):
            self.error("property_name", _("Enter the property project's name."))
        before = len(self.issues)
        cleaned = {key: self.cleaned(key, value) for key, value in values.items()}
        if len(self.issues) > before or not values["property_name"]:
            return None
        names = {key: name for name, key in _PROPERTY_COLUMNS.items()}
        return PropertyInput(**{names[key]: value for key, value in cleaned.items()})


def _not_allowed(value: str, allowed: Iterable[Any]) -> str:
    return str(
        _("“%(value)s” is not one of the allowed values: %(allowed)s.")
        % {"value": value, "allowed": " / ".join(str(a) for a in allowed)}
    )


def _distinct_names(records: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(getattr(record, "name", record)) for record in records))


def _cell_date(value: Any) -> date | None:
    """An Excel date or ``YYYY-MM-DD`` text; ``None`` when blank, ``ValueError`` otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise ValueError(text)
    year, month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def _area_text(value: Any) -> str:
    """An area cell as decimal text: floats to cents, units and thousands separators dropped."""
    if isinstance(value, float):
        return str(round(Decimal(repr(value)), 2))
    text = _AREA_UNITS.sub("", cell_text(value)).strip()
    return text.replace(",", "").replace("，", "")
