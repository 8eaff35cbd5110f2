"""Chinese company names reduced to a comparable core, for the duplicate check.

``长沙星河置业（集团）股份有限公司`` and ``长沙 星河置业有限公司`` both become ``长沙星河置业``.
"""

from __future__ import annotations

import re
import unicodedata

# Longest first, so 有限责任公司 is stripped before 有限公司 and 公司.
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份有限公司",
    "有限公司",
    "集团公司",
    "控股集团",
    "股份公司",
    "集团",
    "控股",
    "股份",
    "公司",
    "coltd",
    "limited",
    "co",
    "ltd",
    "inc",
    "group",
)
_BRACKETED = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]")
_NOISE = re.compile(r"[\s\-_·.,，。、'\"“”‘’/&]+")


def normalise_company_name(name: str) -> str:
    """Reduce a company name to its distinguishing core (lower-case, half-width).

    Full-width forms are folded (NFKC), bracketed parts such as （集团） or (湖南) dropped,
    spaces and punctuation removed, and legal-form suffixes stripped repeatedly.

    >>> normalise_company_name("长沙星河置业（集团）股份有限公司")
    '长沙星河置业'
    >>> normalise_company_name("ＡＢＣ  地产 有限责任公司")
    'abc地产'
    """
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = _BRACKETED.sub("", text)
    text = _NOISE.sub("", text)
    stripped = True
    while stripped and text:
        stripped = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                stripped = True
                break
    return text
