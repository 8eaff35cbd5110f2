"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Compile every catalogue; fail if any entry is untranslated or fuzzy."""
    problems = 0
    for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        missing = [e.msgid for e in catalogue.untranslated_entries()]
        fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
        for msgid in missing + fuzzy:
            print(f"{po_path.relative_to(ROOT)}: not translated: {msgid!r}", file=sys.stderr)
        problems += len(missing) + len(fuzzy)
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
