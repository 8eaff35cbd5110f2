"""Test support: read a PDF's text and fonts with pypdf (a dev dependency, pure Python).

Every printable form's tests use these::

    from servicebook.documents.tests.inspect import pdf_fonts, pdf_text
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
CJK_NAME = re.compile(r"CJK|Noto-?(Sans|Serif)-?SC", re.IGNORECASE)
FONT_FILE_KEYS = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class FontInfo:
    """One font of a PDF as a reader sees it."""

    name: str
    embedded: bool
    subset: bool

    @property
    def is_cjk(self) -> bool:
        """Whether the name is one of the Chinese faces (Noto Sans/Serif SC or CJK SC)."""
        return bool(CJK_NAME.search(self.name))


def pdf_pages(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The extracted text of all pages, pages separated by a blank line."""
    return "\n\n".join(pdf_pages(pdf))


def pdf_page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_title(pdf: bytes) -> str:
    """The document title in the PDF's metadata ("" when there is none)."""
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    return str(metadata.title or "") if metadata else ""


def pdf_fonts(pdf: bytes) -> list[FontInfo]:
    """Every font used on any page (also inside form XObjects), once each, by name."""
    found: dict[str, FontInfo] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in _fonts_of(page.get("/Resources")):
            info = _font_info(font)
            found.setdefault(info.name, info)
    return sorted(found.values(), key=lambda info: info.name)


def _fonts_of(resources: Any) -> Iterator[DictionaryObject]:
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return
    fonts = resources.get("/Font")
    for font in (fonts.get_object() if fonts is not None else {}).values():
        yield font.get_object()
    xobjects = resources.get("/XObject")
    for xobject in (xobjects.get_object() if xobjects is not None else {}).values():
        stream = xobject.get_object()
        if stream.get("/Subtype") == "/Form":
            yield from _fonts_of(stream.get("/Resources"))


def _font_info(font: DictionaryObject) -> FontInfo:
    name = str(font.get("/BaseFont", "")).lstrip("/")
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descendant = font["/DescendantFonts"].get_object()[0].get_object()
        descriptor = descendant.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    embedded = any(key in descriptor for key in FONT_FILE_KEYS)
    return FontInfo(name=name, embedded=embedded, subset=bool(SUBSET_PREFIX.match(name)))
