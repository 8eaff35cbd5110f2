"""Printable forms: HTML print views and PDFs from the same templates (see ``pdf``)."""

import logging

# WeasyPrint logs every layout step (even while it is imported) at INFO: keep that out of
# the logs unless the settings configure the logger themselves.
_progress = logging.getLogger("weasyprint.progress")
if _progress.level == logging.NOTSET:
    _progress.setLevel(logging.WARNING)
