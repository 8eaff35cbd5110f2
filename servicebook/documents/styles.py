"""CSS that depends on the language or the machine: page numbers and the PDF's fonts."""

from __future__ import annotations

import functools
from pathlib import Path

from django.utils.translation import gettext

from servicebook.documents.fonts import (
    SANS_FACE,
    SERIF_FACE,
    SYSTEM_SANS,
    SYSTEM_SERIF,
    CjkFonts,
)

PRINT_CSS = Path(__file__).resolve().parent / "static" / "documents" / "print.css"
_MARK = "\x00"


@functools.cache
def print_stylesheet() -> str:
    """``documents/print.css``, read once per process (the PDF inlines it)."""
    return PRINT_CSS.read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&\n\r\x0c' or ord(char) < 0x20 else char
        for char in text
    )
    return f'"{escaped}"'


def page_number_content() -> str:
    """A CSS ``content`` value: "第 1 页，共 3 页" / "Page 1 of 3" in the active language."""
    label = gettext("Page %(n)s of %(total)s") % {
        "n": f"{_MARK}page{_MARK}",
        "total": f"{_MARK}pages{_MARK}",
    }
    parts = []
    for index, piece in enumerate(label.split(_MARK)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def page_css() -> str:
    """The language-dependent page rules shared by the print view and the PDF."""
    return f"@page {{ @bottom-right {{ content: {page_number_content()}; }} }}"


def font_css(fonts: CjkFonts) -> str:
    """The PDF's font stacks: Debian's Noto CJK (with bold) first, then the packaged faces."""
    faces = [
        _font_face(SANS_FACE, fonts.sans),
        _font_face(SERIF_FACE, fonts.serif),
    ]
    sans = f'"{SYSTEM_SANS}", "{SANS_FACE}", sans-serif'
    serif = f'"{SYSTEM_SERIF}", "{SERIF_FACE}", "{SYSTEM_SANS}", "{SANS_FACE}", serif'
    return "\n".join(
        [
            *filter(None, faces),
            f":root {{ --font-sans: {sans}; --font-serif: {serif}; }}",
            f"@page {{ font-family: {sans}; }}",
        ]
    )


def _font_face(family: str, path: Path | None) -> str:
    if path is None:
        return ""
    source = css_string(path.as_uri())
    return f"@font-face {{ font-family: {css_string(family)}; src: url({source}); }}"
