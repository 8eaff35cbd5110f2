"""Work templates: the handbook's steps and durations seeded as GM-editable rows."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from servicebook.catalog.models import (
    Deliverable,
    DurationSource,
    ServiceLine,
    TemplateStep,
    WorkTemplate,
)
from servicebook.catalog.seed import (
    DEFAULT_STEP_SPLITS,
    planned_within,
    read_catalog,
    seed_work_templates,
    split_total,
)

pytestmark = pytest.mark.django_db

HANDBOOK = DurationSource.HANDBOOK
DEFAULT = DurationSource.DEFAULT


def steps_of(code: str) -> list[TemplateStep]:
    return list(TemplateStep.objects.filter(template__code=code).order_by("position"))


def run_seed_migration() -> None:
    """Run the data migration's own function, with today's models standing in."""
    migration = importlib.import_module("servicebook.catalog.migrations.0004_seed_work_templates")
    migration.seed(apps, None)


def row_counts() -> tuple[int, int, int]:
    return WorkTemplate.objects.count(), TemplateStep.objects.count(), Deliverable.objects.count()


# What the migration seeds -----------------------------------------------------------------


def test_every_template_of_the_handbook_is_seeded_with_its_steps_in_order() -> None:
    catalog = read_catalog()["templates"]
    assert set(WorkTemplate.objects.values_list("code", flat=True)) == set(catalog)
    for code, item in catalog.items():
        assert [step.name_zh for step in steps_of(code)] == [step["zh"] for step in item["steps"]]
        assert all(step.depends_on_previous for step in steps_of(code))


def test_the_seeded_market_survey_has_the_handbook_durations() -> None:
    research_plan, questionnaire, fieldwork, statistics, analysis, report = steps_of(
        "market_survey"
    )
    assert (questionnaire.days, questionnaire.duration_source) == (2, HANDBOOK)
    assert (fieldwork.days_min, fieldwork.days_max, fieldwork.days) == (2, 7, 5)
    assert fieldwork.duration_source == HANDBOOK
    assert (statistics.days, statistics.duration_source) == (3, HANDBOOK)
    assert (analysis.days, analysis.duration_source) == (2, HANDBOOK)
    assert (research_plan.days, research_plan.duration_source) == (2, DEFAULT)
    assert (report.days, report.duration_source) == (2, DEFAULT)


def test_the_planning_outline_totals_seven_days_split_over_its_steps_as_agency_defaults() -> None:
    template = WorkTemplate.objects.with_steps().get(code="planning_outline")
    assert (template.total_days, template.duration_source) == (7, HANDBOOK)
    assert template.standard_days == 7
    steps = steps_of("planning_outline")
    assert [step.days for step in steps] == [2, 1, 1, 2, 1]
    assert sum(step.days or 0 for step in steps) == 7
    assert {step.duration_source for step in steps} == {DEFAULT}


def test_templates_without_a_fixed_total_add_up_their_steps() -> None:
    template = WorkTemplate.objects.with_steps().get(code="market_survey")
    assert template.total_days is None
    assert template.standard_days == 2 + 2 + 5 + 3 + 2 + 2


def test_deliverables_without_days_get_their_template_total_as_standard_duration() -> None:
    survey = Deliverable.objects.get(template_code="market_survey")
    assert survey.standard_days == 16
    print_design = Deliverable.objects.filter(template_code="print_design")
    assert {d.standard_days for d in print_design} == {1 + 2 + 2 + 3 + 1}
    outline = Deliverable.objects.get(template_code="planning_outline")
    assert (outline.standard_days, outline.duration_source) == (7, HANDBOOK)


def test_the_daily_sales_report_stays_without_a_duration() -> None:
    assert Deliverable.objects.get(recurring="daily").standard_days is None


def test_the_seeded_templates_have_english_names() -> None:
    assert WorkTemplate.objects.get(code="market_survey").name_en == "Market survey"
    assert not WorkTemplate.objects.filter(name_en="").exists()


# Seeding again ------------------------------------------------------------------------------


def test_running_the_seed_migration_twice_creates_nothing_new() -> None:
    before = row_counts()
    run_seed_migration()
    run_seed_migration()
    assert row_counts() == before


def test_seeding_again_never_overwrites_a_duration_the_gm_edited() -> None:
    fieldwork = TemplateStep.objects.get(template__code="market_survey", position=2)
    fieldwork.days = 7
    fieldwork.save(update_fields=["days"])
    outline = WorkTemplate.objects.get(code="planning_outline")
    outline.total_days = 9
    outline.save(update_fields=["total_days"])
    survey = Deliverable.objects.get(template_code="market_survey")
    survey.standard_days = 20
    survey.save(update_fields=["standard_days"])

    run_seed_migration()

    assert TemplateStep.objects.get(pk=fieldwork.pk).days == 7
    assert WorkTemplate.objects.get(pk=outline.pk).total_days == 9
    assert Deliverable.objects.get(pk=survey.pk).standard_days == 20


def test_seeding_again_leaves_the_steps_of_a_template_the_gm_reshaped() -> None:
    TemplateStep.objects.filter(template__code="campaign", position=4).delete()
    seed_work_templates(WorkTemplate, TemplateStep, Deliverable)
    assert len(steps_of("campaign")) == 4


def test_seeding_recreates_a_template_the_gm_deleted_and_fills_only_missing_durations() -> None:
    WorkTemplate.objects.filter(code="launch_plan").delete()
    launch = Deliverable.objects.get(template_code="launch_plan")
    launch.standard_days = None
    launch.save(update_fields=["standard_days"])

    seed_work_templates(WorkTemplate, TemplateStep, Deliverable)

    assert [step.days for step in steps_of("launch_plan")] == [2, 1, 3, 2, 1]
    assert Deliverable.objects.get(pk=launch.pk).standard_days == 9


# Default durations ----------------------------------------------------------------------


def test_a_range_is_planned_at_its_midpoint_rounded_up() -> None:
    assert planned_within(2, 7) == 5
    assert planned_within(3, 3) == 3


def test_a_total_without_an_agreed_split_spreads_evenly_with_the_remainder_first() -> None:
    assert split_total(7, 5) == (2, 2, 1, 1, 1)
    assert split_total(3, 5) == (1, 1, 1, 1, 1)


def test_the_planning_outline_split_adds_up_to_the_handbook_total() -> None:
    assert sum(DEFAULT_STEP_SPLITS["planning_outline"]) == 7


# Constraints -------------------------------------------------------------------------------


@pytest.fixture
def template() -> WorkTemplate:
    return WorkTemplate.objects.create(code="test", name_zh="测试", name_en="Test")


def add_step(template: WorkTemplate, position: int, **durations: int | None) -> TemplateStep:
    return TemplateStep.objects.create(
        template=template, position=position, name_zh="步骤", name_en="Step", **durations
    )


def test_two_steps_of_a_template_cannot_share_a_position(template: WorkTemplate) -> None:
    add_step(template, 0, days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        add_step(template, 0, days=2)


@pytest.mark.parametrize(
    "durations",
    [
        {"days": 0},
        {"days_min": 0, "days_max": 3},
        {"days_min": 5, "days_max": 2},
        {"days": 8, "days_min": 2, "days_max": 7},
        {"days": 1, "days_min": 2, "days_max": 7},
    ],
)
def test_a_step_refuses_impossible_durations(
    template: WorkTemplate, durations: dict[str, int]
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        add_step(template, 0, **durations)


def test_a_template_total_is_at_least_one_day() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkTemplate.objects.create(code="zero", name_zh="零", name_en="Zero", total_days=0)


def test_a_step_without_planned_days_plans_its_longest_then_its_shortest(
    template: WorkTemplate,
) -> None:
    assert add_step(template, 0, days_min=2, days_max=7).planned_days == 7
    assert add_step(template, 1, days_min=2).planned_days == 2
    assert add_step(template, 2).planned_days is None


# Resolving a deliverable's template -----------------------------------------------------------


def test_a_deliverable_resolves_its_template_with_the_steps_prefetched(
    django_assert_num_queries,
) -> None:
    survey = Deliverable.objects.get(template_code="market_survey")
    with django_assert_num_queries(2):
        template = WorkTemplate.objects.for_deliverable(survey)
        assert template is not None
        assert len(list(template.steps.all())) == 6
    assert template.code == "market_survey"


def test_a_deliverable_without_a_template_or_with_an_unknown_one_resolves_to_none() -> None:
    line = ServiceLine.objects.get(code="market_research")
    plain = Deliverable.objects.filter(template_code="").first()
    orphan = Deliverable.objects.create(
        service_line=line, name_zh="孤儿", name_en="Orphan", template_code="gone"
    )
    assert plain is not None
    assert WorkTemplate.objects.for_deliverable(plain) is None
    assert WorkTemplate.objects.for_deliverable(orphan) is None


# Admin ------------------------------------------------------------------------------------------


def test_the_gm_edits_the_templates_and_their_steps_in_admin(admin_client: Client) -> None:
    client = admin_client
    survey = WorkTemplate.objects.get(code="market_survey")
    listing = client.get(reverse("admin:catalog_worktemplate_changelist"))
    page = client.get(reverse("admin:catalog_worktemplate_change", args=[survey.pk]))
    assert listing.status_code == page.status_code == 200
    assert "steps-TOTAL_FORMS" in page.content.decode()
    assert "days_max" in page.content.decode()
