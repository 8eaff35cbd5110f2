"""The demo projects at work: teams, plans, plan changes and progress (SPEC §5).

The demo is loaded once for the module, inside a transaction rolled back at the end;
each test runs in a savepoint of its own on top of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client as Browser

from servicebook.accounts.models import User
from servicebook.delivery.models import CreativeMeeting, SupervisionVisit, WorkOrder
from servicebook.demo.agency import demo_register, load_demo_agency
from servicebook.projects.choices import PlanStatus
from servicebook.projects.models import (
    ChangeApproval,
    ChangeRequest,
    ChangeRequestItem,
    Plan,
    PlanTask,
    PlanVersion,
    PlanVersionTask,
    Project,
    TeamMember,
    WeeklyNote,
)
from servicebook.projects.models.plans import ApprovalRole, ChangeRequestStatus
from servicebook.projects.team import Post, required_roles, staffing_warnings

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def _demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo agency, loaded once for every test of this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_agency(today=TODAY)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def projects(_demo: None) -> list[Project]:
    names = [spec.data.legal_name for spec in demo_register()]
    demo = Project.objects.filter(client__legal_name__in=names)
    return list(demo.select_related("lead", "contract").order_by("contract__signed_on", "code"))


def _warnings(project: Project) -> list[str]:
    codes = project.services.values_list("code", flat=True)
    posts = [Post(m.role, m.user_id, m.is_backup) for m in project.team.all()]
    found = staffing_warnings(required_roles(codes), posts, has_lead=project.lead_id is not None)
    return [w.problem for w in found]


def _counts() -> dict[str, int]:
    models = [
        TeamMember,
        Plan,
        PlanTask,
        ChangeRequest,
        ChangeRequestItem,
        ChangeApproval,
        PlanVersion,
        PlanVersionTask,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["done"] = PlanTask.objects.filter(done_on__isnull=False).count()
    counts["leads"] = Project.objects.filter(lead__isnull=False).count()
    return counts


def test_every_demo_project_has_a_lead_and_a_team(projects: list[Project]) -> None:
    assert len(projects) == 5
    for project in projects:
        assert project.lead is not None, project.code
        roles = set(project.team.values_list("role", flat=True))
        codes = project.services.values_list("code", flat=True)
        assert roles >= set(required_roles(codes)), project.code


def test_all_projects_but_one_are_fully_staffed_and_that_one_lacks_backups(
    projects: list[Project],
) -> None:
    warned = {project.code: _warnings(project) for project in projects}
    short = [code for code, problems in warned.items() if problems]
    assert short == [projects[-1].code]
    assert set(warned[projects[-1].code]) == {"no_backup"}


def test_a_related_role_covers_where_the_agency_has_only_one_holder(
    projects: list[Project],
) -> None:
    first = projects[0]
    cover = first.team.get(role="supervisor", is_backup=True).user
    assert cover.username == "sales_assistant1"


def test_projects_with_planning_work_are_led_by_their_account_planner(
    projects: list[Project],
) -> None:
    for project in projects:
        codes = set(project.services.values_list("code", flat=True))
        primary_ap = project.team.get(role="ap", is_backup=False).user
        if codes & {"market_research", "development_planning", "marketing_planning"}:
            assert project.lead == primary_ap, project.code
        else:
            assert project.lead == project.client.owner, project.code


def test_every_plan_but_the_newest_is_locked_and_the_newest_is_a_draft(
    projects: list[Project],
) -> None:
    statuses = [Plan.objects.get(project=project).status for project in projects]
    assert statuses == [PlanStatus.LOCKED] * 4 + [PlanStatus.DRAFT]


def test_a_locked_plan_starts_after_the_contract_and_was_signed_by_the_primary_contact(
    projects: list[Project],
) -> None:
    for project in projects[:-1]:
        plan = Plan.objects.get(project=project)
        signed = project.contract.signed_on
        assert signed is not None
        assert plan.start_on > signed
        assert plan.signed_on is not None and signed <= plan.signed_on <= TODAY
        primary = project.client.contacts.get(is_primary=True)
        assert plan.signer_name == primary.name
        assert plan.versions.filter(number=1, change_request__isnull=True).exists()


def test_the_draft_plan_is_scheduled_from_the_next_working_day(projects: list[Project]) -> None:
    draft = Plan.objects.get(project=projects[-1])
    assert draft.start_on == date(2026, 11, 30)  # Friday 27 → Monday 30
    assert not draft.tasks.filter(done_on__isnull=False).exists()


def test_one_change_was_approved_by_both_keys_and_made_version_two(_demo: None) -> None:
    approved = ChangeRequest.objects.get(status=ChangeRequestStatus.APPROVED)
    roles = {a.role: a.decided_by.username for a in approved.approvals.all()}
    assert roles[ApprovalRole.GM] == "gm" and roles[ApprovalRole.DEPT_MANAGER].endswith("manager")
    plan = approved.plan
    assert list(plan.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    items = list(approved.items.select_related("task"))
    assert [item.knock_on for item in items].count(False) == 1
    assert any(item.knock_on for item in items)
    versions = PlanVersionTask.objects.filter(version__plan=plan)
    baseline = {t.key: (t.start_on, t.due_on) for t in versions.filter(version__number=1)}
    second = {t.key: (t.start_on, t.due_on) for t in versions.filter(version__number=2)}
    for item in items:
        assert item.new_start_on > item.old_start_on
        assert (item.task.start_on, item.task.due_on) == (item.new_start_on, item.new_due_on)
        assert baseline[item.task.key] == (item.old_start_on, item.old_due_on)
        assert second[item.task.key] == (item.new_start_on, item.new_due_on)
    unchanged = baseline.keys() - {item.task.key for item in items}
    assert unchanged and all(baseline[key] == second[key] for key in unchanged)


def test_one_change_waits_for_the_gm_after_the_managers_approval(_demo: None) -> None:
    pending = ChangeRequest.objects.get(status=ChangeRequestStatus.PENDING)
    approvals = list(pending.approvals.all())
    assert [a.role for a in approvals] == [ApprovalRole.DEPT_MANAGER]
    assert pending.plan.versions.count() == 1
    assert Counter(ChangeRequest.objects.values_list("status", flat=True)) == {
        ChangeRequestStatus.APPROVED: 1,
        ChangeRequestStatus.PENDING: 1,
    }


def test_work_due_before_today_is_done_but_for_three_overdue_tasks(_demo: None) -> None:
    locked = PlanTask.objects.filter(plan__status=PlanStatus.LOCKED)
    overdue = locked.filter(done_on__isnull=True, due_on__lt=TODAY)
    assert overdue.count() == 3
    assert not PlanTask.objects.filter(done_on__gt=TODAY).exists()
    for task in locked.filter(done_on__isnull=False):
        assert task.start_on <= task.done_on <= task.due_on  # type: ignore[operator]
        assert not task.depends_on.filter(done_on__isnull=True).exists()
    assert not locked.filter(done_on__isnull=False, due_on__gte=TODAY).exists()


def test_the_waiting_change_asks_to_redo_the_overdue_work(_demo: None) -> None:
    pending = ChangeRequest.objects.get(status=ChangeRequestStatus.PENDING)
    moved = set(pending.items.values_list("task_id", flat=True))
    overdue = PlanTask.objects.filter(
        plan__status=PlanStatus.LOCKED, done_on__isnull=True, due_on__lt=TODAY
    )
    assert moved == set(overdue.values_list("pk", flat=True))
    assert all(item.new_start_on > TODAY for item in pending.items.all())


def _browser(user: User | None) -> Browser:
    assert user is not None
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize("page", ["", "plan/"])
def test_the_project_pages_render_for_the_lead_and_the_gm(
    projects: list[Project], page: str
) -> None:
    gm = User.objects.get(username="gm")
    for project in projects:
        for user in (project.lead, gm):
            response = _browser(user).get(f"/projects/{project.pk}/{page}")
            assert response.status_code == 200, (project.code, user, page)


def test_the_short_handed_team_shows_its_warning_on_the_project_page(
    projects: list[Project],
) -> None:
    gm = _browser(User.objects.get(username="gm"))
    *staffed, newest = projects
    assert gm.get(f"/projects/{newest.pk}/").context["team"].warning_lines
    for project in staffed:
        assert not gm.get(f"/projects/{project.pk}/").context["team"].warning_lines


def test_the_gm_finds_the_waiting_change_on_its_plan_page(_demo: None) -> None:
    pending = ChangeRequest.objects.select_related("plan__project").get(
        status=ChangeRequestStatus.PENDING
    )
    project = pending.plan.project
    html = _browser(User.objects.get(username="gm")).get(f"/projects/{project.pk}/plan/")
    assert f"/projects/{project.pk}/plan/changes/{pending.pk}/decide/" in html.content.decode()


def test_loading_the_demo_again_adds_nothing(_demo: None) -> None:
    before = _counts()
    load_demo_agency(today=TODAY)
    assert _counts() == before


def test_the_project_under_way_shows_a_week_of_delivery_work(projects):
    under_way = [p for p in projects if WorkOrder.objects.filter(project=p).exists()]
    assert len(under_way) == 1
    project = under_way[0]
    plan = Plan.objects.get(project=project)
    assert plan.status == PlanStatus.LOCKED and plan.start_on < TODAY
    assert PlanTask.objects.filter(plan=plan, due_on__gte=TODAY).exists()
    statuses = set(WorkOrder.objects.filter(project=project).values_list("status", flat=True))
    assert statuses == {"submitted", "in_progress", "issued", "done"}
    submitted = WorkOrder.objects.get(project=project, status="submitted")
    assert [r.outcome for r in submitted.rounds.order_by("number")] == ["revise", "pending"]
    meetings = set(CreativeMeeting.objects.filter(project=project).values_list("status", flat=True))
    assert meetings == {"scheduled", "requested"}
    visit = SupervisionVisit.objects.get(project=project)
    assert visit.task is not None and visit.follow_ups.count() == 2
    assert WeeklyNote.objects.filter(project=project, author=project.lead).exists()


def test_every_page_of_the_project_under_way_reads_in_chinese(projects):
    from servicebook.communications.models import ConsultationLetter, FaxSheet, ServiceLog
    from servicebook.reporting.tests.test_translated_pages import _untranslated

    project = next(p for p in projects if WorkOrder.objects.filter(project=p).exists())
    lead = project.lead
    work_order = WorkOrder.objects.filter(project=project).first()
    meeting = CreativeMeeting.objects.filter(project=project).first()
    visit = SupervisionVisit.objects.get(project=project)
    letter = ConsultationLetter.objects.filter(project=project).exclude(number="").first()
    log = ServiceLog.objects.filter(project=project).first()
    fax = FaxSheet.objects.get(project=project)
    base = f"/projects/{project.pk}"
    pages = [
        "/",
        f"{base}/",
        f"{base}/plan/",
        f"{base}/plan/gantt/",
        f"{base}/schedule/",
        f"{base}/schedule/?period=month",
        f"{base}/work-orders/",
        f"{base}/work-orders/{work_order.pk}/",
        f"{base}/meetings/",
        f"{base}/meetings/{meeting.pk}/",
        f"{base}/visits/",
        f"{base}/visits/{visit.pk}/",
        f"{base}/contacts/",
        f"{base}/letters/",
        f"{base}/letters/{letter.pk}/",
        f"{base}/logs/",
        f"{base}/logs/{log.pk}/",
        f"{base}/documents/",
        f"{base}/send/weekly_log/{log.pk}/",
        "/projects/my-schedule/",
        "/projects/work-orders/",
        "/projects/meetings/",
        "/projects/fax/",
        f"/projects/fax/{fax.pk}/",
        "/projects/outbox/",
    ]
    browser = Browser()
    browser.force_login(lead)
    for url in pages:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert _untranslated(response.content.decode()) == [], url
    manager = Browser()
    manager.force_login(project.department.manager)
    for url in ("/projects/logs/", f"{base}/plan/print/", f"{base}/logs/{log.pk}/print/"):
        response = manager.get(url)
        assert response.status_code == 200, url
        assert _untranslated(response.content.decode()) == [], url
