"""The print test page: letterhead, every class of Chinese text, a priced table, signatures.

An administrator prints it (``servicebook pdf_specimen``) to check that PDFs carry the
Chinese font; the tests render it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from servicebook.documents.fonts import CjkFonts

TEMPLATE = "documents/specimen.html"

# (what the row shows, sample text) — the samples are data, the same in every language.
CHARACTER_CLASSES = [
    (_("Common characters"), "客户服务周志　长沙市岳麓区　营销策划　楼盘开盘　认筹与签约"),
    (_("Rare characters in names"), "鑫 曌 炅 昶 堃 犇 淼 喆 燚 瑄 珺 彧"),
    (_("Traditional characters"), "長沙 營銷 顧問 價格 廣告 發展"),
    (_("Punctuation"), "，。、；：？！“引号”‘单引’《书名》【方括】（括号）——……·"),
    (_("Numbers and money"), "0123456789　¥1,234,567.00　123.46万元　15%　第3期"),
    (_("Dates"), "2026年11月27日　2026-11-27　周五"),
    (
        _("Full-width and Latin"),
        "ＡＢＣ１２３　ABC123　The quick brown fox jumps over the lazy dog",
    ),
]


@dataclass(frozen=True)
class SampleLine:
    """One priced line of the sample quote table."""

    service: str
    unit: str | Promise
    quantity: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        """Quantity × unit price, never rounded."""
        return self.unit_price * self.quantity


REPORT, PLAN, SET, MONTH = (
    pgettext_lazy("unit", "report"),
    pgettext_lazy("unit", "plan"),
    pgettext_lazy("unit", "set"),
    pgettext_lazy("unit", "month"),
)
SAMPLE_LINES = [
    SampleLine("市场调研报告（长沙河西片区）", REPORT, 1, Decimal("85000.00")),
    SampleLine("项目定位与营销策划方案", PLAN, 1, Decimal("120000.00")),
    SampleLine("品牌形象设计（VI）", SET, 1, Decimal("68000.00")),
    SampleLine("现场销售督导", MONTH, 6, Decimal("175000.00")),
]


def specimen_context(fonts: CjkFonts, *, today: date | None = None) -> dict[str, Any]:
    """What ``documents/specimen.html`` shows, for the fonts found on this machine."""
    return {
        "document_title": _("Print test page"),
        "today": today or date.today(),
        "fonts": fonts,
        "font_names": [path.name for path in (fonts.sans, fonts.system_sans) if path],
        "character_classes": CHARACTER_CLASSES,
        "lines": SAMPLE_LINES,
        "total": sum((line.amount for line in SAMPLE_LINES), Decimal("0")),
    }
