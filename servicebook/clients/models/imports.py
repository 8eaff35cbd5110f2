"""An uploaded client register (.xlsx) waiting for the user to confirm its import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.core.choices import check_in_choices


class ImportStatus(models.TextChoices):
    """An import is previewed first, then imported once, or discarded."""

    PREVIEWED = "previewed", _("Previewed")
    IMPORTED = "imported", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class ClientImport(models.Model):
    """One upload of a register: the file, its row-by-row report, and what was imported."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    errors = models.JSONField(_("errors"), default=list)
    imported_count = models.PositiveIntegerField(_("imported"), default=0)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("client register import")
        verbose_name_plural = _("client register imports")
        ordering = ["-uploaded_at"]
        constraints = [check_in_choices("status", ImportStatus, "clientimport_status_valid")]

    def __str__(self) -> str:
        return self.filename
