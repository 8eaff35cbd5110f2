"""Load the handbook's service catalog (data/catalog.yaml) into the catalog tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CATALOG_FILE = Path(__file__).parent / "data" / "catalog.yaml"


def read_catalog() -> dict[str, Any]:
    """The catalog as read out of the handbook."""
    with CATALOG_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def seed_catalog(service_line_model: Any, deliverable_model: Any) -> None:
    """Create missing service lines and deliverables; never overwrite the agency's edits.

    Takes the model classes so a data migration can pass its historical models.
    """
    data = read_catalog()
    for position, line in enumerate(data["service_lines"]):
        service_line, _ = service_line_model.objects.get_or_create(
            code=line["code"],
            defaults={"name_zh": line["zh"], "name_en": line["en"], "position": position},
        )
        for item_position, item in enumerate(data["deliverables"].get(line["code"], [])):
            deliverable_model.objects.get_or_create(
                service_line=service_line,
                name_zh=item["zh"],
                defaults={
                    "name_en": item["en"],
                    "standard_days": item.get("days"),
                    "template_code": item.get("template", ""),
                    "recurring": item.get("recurring", ""),
                    "duration_source": item.get("source", "default"),
                    "position": item_position,
                },
            )
