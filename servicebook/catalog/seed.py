"""Load the handbook's service catalog and work templates (data/catalog.yaml) into the tables.

Every seed only creates missing rows, so the GM's edits survive a second run.
"""

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


# The YAML names the templates in Chinese only; their English names, from the handbook's sense.
TEMPLATE_NAMES_EN: dict[str, str] = {
    "market_survey": "Market survey",
    "planning_outline": "Planning outline",
    "launch_plan": "Launch plan",
    "print_design": "Print design",
    "broadcast_creative": "TV, radio and feature film creative",
    "campaign": "Integrated communication campaign",
}

# How the agency splits a template total the handbook fixes over steps it gives no days
# (ADR 0008): the planning outline's 7 working days go 2 + 1 + 1 + 2 + 1.
DEFAULT_STEP_SPLITS: dict[str, tuple[int, ...]] = {"planning_outline": (2, 1, 1, 2, 1)}


def split_total(total: int, count: int) -> tuple[int, ...]:
    """``total`` working days spread as evenly as possible over ``count`` steps (≥ 1 each)."""
    base, extra = divmod(total, count)
    return tuple(max(1, base + (1 if index < extra else 0)) for index in range(count))


def planned_within(days_min: int, days_max: int) -> int:
    """The default plan inside a range: its midpoint, rounded up (fieldwork 2–7 → 5)."""
    return -(-(days_min + days_max) // 2)


def step_rows(code: str, template: dict[str, Any]) -> list[dict[str, Any]]:
    """The step rows of one YAML template, with defaults filled in and their sources."""
    steps = template["steps"]
    split = DEFAULT_STEP_SPLITS.get(code)
    if split is None and template.get("total_days"):
        split = split_total(template["total_days"], len(steps))
    rows = []
    for position, step in enumerate(steps):
        days = step.get("days")
        if days is None and "days_min" in step:
            days = planned_within(step["days_min"], step["days_max"])
        elif days is None and split is not None:
            days = split[position]
        rows.append(
            {
                "position": position,
                "name_zh": step["zh"],
                "name_en": step["en"],
                "days": days,
                "days_min": step.get("days_min"),
                "days_max": step.get("days_max"),
                "duration_source": step.get("source", "default"),
            }
        )
    return rows


def _english_name(code: str) -> str:
    """The English name of a template the YAML names in Chinese only."""
    return TEMPLATE_NAMES_EN.get(code, code.replace("_", " ").capitalize())


def template_total(template: Any) -> int | None:
    """A template row's standard duration: its fixed total, else its steps' days added."""
    if template.total_days is not None:
        return int(template.total_days)
    planned = [step.days or step.days_max or step.days_min for step in template.steps.all()]
    if not planned or None in planned:
        return None
    return sum(planned)


def seed_work_templates(
    work_template_model: Any, template_step_model: Any, deliverable_model: Any
) -> None:
    """Create missing work templates with their steps; give template deliverables a duration.

    A template that already exists is the GM's: its steps are left as they are. A
    deliverable that names a template and has no standard duration gets the template's
    total; a duration already set is never overwritten. Takes the model classes so a data
    migration can pass its historical models.
    """
    for code, item in read_catalog()["templates"].items():
        template, created = work_template_model.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": item["zh"],
                "name_en": item.get("en", "") or _english_name(code),
                "total_days": item.get("total_days"),
                "duration_source": item.get("source", "default"),
            },
        )
        if created:
            template_step_model.objects.bulk_create(
                template_step_model(template=template, **row) for row in step_rows(code, item)
            )
        total = template_total(template)
        if total is not None:
            deliverable_model.objects.filter(template_code=code, standard_days__isnull=True).update(
                standard_days=total
            )
