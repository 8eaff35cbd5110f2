"""The Chinese fonts PDFs are set in: the packaged Noto Sans SC, or Debian's Noto Sans CJK SC.

WeasyPrint embeds (a subset of) whatever font it lays text out with, so a PDF reads the
same on any computer. The packaged face (``pylopdf-fonts-zh-cn``) is always declared
through ``@font-face``; a system "Noto Sans CJK SC" (``apt-get install fonts-noto-cjk``)
is named first in the font stack because it also has a bold weight. See ADR 0005.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.utils.translation import gettext as _

from servicebook.core.errors import DomainError

FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_DISTRIBUTION = "pylopdf-fonts-zh-cn"
SANS_FILE = "NotoSansSC-Regular.otf"
SERIF_FILE = "NotoSerifSC-Regular.otf"
# The @font-face families of the packaged files (the names PDF readers list).
SANS_FACE = "SB Noto Sans SC"
SERIF_FACE = "SB Noto Serif SC"
# The fontconfig families of Debian's fonts-noto-cjk (regular and bold).
SYSTEM_SANS = "Noto Sans CJK SC"
SYSTEM_SERIF = "Noto Serif CJK SC"
# Where distributions put Noto Sans CJK, for machines without the fc-list tool.
KNOWN_SYSTEM_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),  # Debian, Ubuntu
    Path("/usr/share/fonts/google-noto-cjk"),  # Fedora
    Path("/usr/share/fonts/noto-cjk"),  # Arch, Alpine
)


class FontMissing(DomainError):
    """No Chinese font can be found, so a PDF would show empty boxes instead of text."""


@dataclass(frozen=True)
class CjkFonts:
    """The Chinese font files found on this machine (``None`` where absent)."""

    sans: Path | None
    serif: Path | None
    system_sans: Path | None
    system_bold: Path | None

    @property
    def has_bold(self) -> bool:
        """Whether bold Chinese text really prints bold (WeasyPrint fakes no bold)."""
        return self.system_bold is not None


@functools.cache
def cjk_fonts() -> CjkFonts:
    """Find the Chinese fonts once per process; raise ``FontMissing`` when there are none."""
    fonts = CjkFonts(
        sans=packaged_font(SANS_FILE),
        serif=packaged_font(SERIF_FILE),
        system_sans=system_font(SYSTEM_SANS, bold=False),
        system_bold=system_font(SYSTEM_SANS, bold=True),
    )
    if fonts.sans is None and fonts.system_sans is None:
        raise FontMissing(
            _(
                "No Chinese font is installed, so PDFs cannot be made. Install the Python "
                "package %(package)s (pip install %(package)s), or the system fonts "
                "(apt-get install fonts-noto-cjk), then restart Servicebook."
            )
            % {"package": FONT_DISTRIBUTION}
        )
    return fonts


def packaged_font(filename: str) -> Path | None:
    """A font file of the ``pylopdf-fonts-zh-cn`` package, if it is installed."""
    try:
        resource = resources.files(FONT_PACKAGE).joinpath(filename)
    except ModuleNotFoundError:
        return None
    path = Path(str(resource))
    return path if path.is_file() else None


def system_font(family: str, *, bold: bool) -> Path | None:
    """The file fontconfig has for ``family`` (regular or bold).

    What fontconfig lists is what WeasyPrint can use; known install paths are only looked
    at where the ``fc-list`` tool itself is missing.
    """
    listed = _fontconfig_files(family, bold=bold)
    if listed is None:
        return _known_path(family, bold=bold)
    return listed[0] if listed else None


def _fontconfig_files(family: str, *, bold: bool) -> list[Path] | None:
    style = "bold" if bold else "regular"
    try:
        listed = subprocess.run(
            ["fc-list", f"{family}:weight={style}", "file"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return sorted(Path(line.rstrip(": ")) for line in listed.stdout.splitlines() if line.strip())


def _known_path(family: str, *, bold: bool) -> Path | None:
    stem = family.replace(" SC", "").replace(" ", "")  # "Noto Sans CJK SC" → "NotoSansCJK"
    name = f"{stem}-{'Bold' if bold else 'Regular'}.ttc"
    return next((d / name for d in KNOWN_SYSTEM_DIRS if (d / name).is_file()), None)
