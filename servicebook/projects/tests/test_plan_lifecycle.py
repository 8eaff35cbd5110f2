"""The plan's lifecycle: approve, sign and lock, the baseline, and locked dates staying put."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from servicebook.accounts.models import User
from servicebook.catalog.models import Deliverable, ServiceLine
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.choices import PlanStatus
from servicebook.projects.models import Plan, PlanStatusChange, PlanTask, PlanVersion, Project
from servicebook.projects.selectors import plan_slippage
from servicebook.projects.services import (
    change_request_create,
    change_request_decide,
    plan_approve,
    plan_generate,
    plan_reopen,
    plan_sign,
    plan_task_update,
    team_member_add,
)
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

START = date(2026, 9, 28)
SIGNED = date(2026, 9, 25)
# session, user, job roles, managed departments, project, services, plan, tasks, their
# dependencies, the top bar's department, notifications, then the baseline's dates, the
# calendar overrides, the versions, the change requests with their items and approvals.
LOCKED_PLAN_QUERIES = 17


def _lines(*codes: str) -> list[ServiceLine]:
    return list(ServiceLine.objects.filter(code__in=codes))


@pytest.fixture
def project(ae: User) -> Project:
    return project_for(ae, services=_lines("market_research", "marketing_planning"))


def _survey_step(plan: Plan, n: int = 0) -> PlanTask:
    survey = Deliverable.objects.get(template_code="market_survey")
    return plan.tasks.get(key=f"d{survey.pk}.{n}")


def locked_plan(project: Project, lead: User, manager: User) -> Plan:
    plan = plan_generate(actor=lead, project=project, start_on=START)
    plan_approve(actor=manager, plan=plan)
    return plan_sign(actor=lead, plan=plan, signer_name="王经理", signed_on=SIGNED)


def _in_status(plan: Plan, status: str) -> Plan:
    """TEST SETUP: put the plan in ``status`` without the services."""
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


def _approve(plan: Plan, actor: User) -> Any:
    return plan_approve(actor=actor, plan=plan)


def _sign(plan: Plan, actor: User) -> Any:
    return plan_sign(actor=actor, plan=plan, signer_name="王经理", signed_on=SIGNED)


def _reopen(plan: Plan, actor: User) -> Any:
    return plan_reopen(actor=actor, plan=plan)


def _edit(plan: Plan, actor: User) -> Any:
    task = plan.tasks.order_by("position").first()
    return plan_task_update(actor=actor, task=task, owner=None, start_on=START, days=3)


def _request(plan: Plan, actor: User) -> Any:
    task = plan.tasks.order_by("position").first()
    return change_request_create(
        actor=actor,
        plan=plan,
        reason="甲方延期",
        impact="后续顺延",
        items=[(task, date(2026, 11, 2), 1)],
    )


MOVES: dict[str, Callable[[Plan, User], Any]] = {
    "approve": _approve,
    "sign": _sign,
    "reopen": _reopen,
    "edit a task": _edit,
    "request a change": _request,
}
# Which plan status each move is allowed from (everything else is refused).
ALLOWED_FROM = {
    "approve": PlanStatus.DRAFT,
    "sign": PlanStatus.APPROVED,
    "reopen": PlanStatus.APPROVED,
    "edit a task": PlanStatus.DRAFT,
    "request a change": PlanStatus.LOCKED,
}
AFTER = {
    "approve": PlanStatus.APPROVED,
    "sign": PlanStatus.LOCKED,
    "reopen": PlanStatus.DRAFT,
}


@pytest.mark.parametrize("status", PlanStatus.values)
@pytest.mark.parametrize("move", list(MOVES))
def test_each_lifecycle_move_is_allowed_from_one_status_only(
    project, ae, mkt_manager, status, move
):
    plan = _in_status(plan_generate(actor=ae, project=project, start_on=START), status)
    if ALLOWED_FROM[move] == status:
        MOVES[move](plan, mkt_manager)
        plan.refresh_from_db()
        assert plan.status == AFTER.get(move, status)
    else:
        with pytest.raises(DomainError):
            MOVES[move](plan, mkt_manager)
        plan.refresh_from_db()
        assert plan.status == status


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("mkt_manager", True),
        ("gm", True),
        ("ae", False),
        ("ka_manager", False),
        ("designer", False),
    ],
)
def test_only_the_department_manager_or_the_gm_approves_the_plan(
    request, project, ae, gm, persona, allowed
):
    team_member_add(
        actor=gm,
        project=project,
        user=request.getfixturevalue("designer"),
        role="designer",
        is_backup=False,
    )
    plan = plan_generate(actor=ae, project=project, start_on=START)
    actor = request.getfixturevalue(persona)
    if allowed:
        plan_approve(actor=actor, plan=plan)
        assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    else:
        with pytest.raises(PermissionDenied):
            plan_approve(actor=actor, plan=plan)
        assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("ae", True), ("mkt_manager", True), ("gm", True), ("designer", False), ("other_ae", False)],
)
def test_the_lead_or_a_manager_records_the_clients_signature(
    request, project, ae, gm, mkt_manager, persona, allowed
):
    team_member_add(
        actor=gm,
        project=project,
        user=request.getfixturevalue("designer"),
        role="designer",
        is_backup=False,
    )
    plan = plan_approve(
        actor=mkt_manager, plan=plan_generate(actor=ae, project=project, start_on=START)
    )
    actor = request.getfixturevalue(persona)
    if allowed:
        _sign(plan, actor)
        assert Plan.objects.get(pk=plan.pk).status == PlanStatus.LOCKED
    else:
        with pytest.raises(PermissionDenied):
            _sign(plan, actor)
        assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_signing_records_the_signature_locks_the_plan_and_freezes_the_baseline(
    project, ae, mkt_manager
):
    plan = locked_plan(project, ae, mkt_manager)
    plan.refresh_from_db()
    assert (plan.status, plan.signer_name, plan.signed_on) == (PlanStatus.LOCKED, "王经理", SIGNED)
    moves = list(
        plan.status_changes.order_by("at", "id").values_list("from_status", "to_status", "actor")
    )
    assert moves == [
        ("draft", "approved", mkt_manager.pk),
        ("approved", "signed", ae.pk),
        ("signed", "locked", ae.pk),
    ]
    baseline = PlanVersion.objects.get(plan=plan)
    assert baseline.number == 1 and baseline.change_request is None
    snapshot = {t.key: (t.start_on, t.due_on) for t in baseline.tasks.all()}
    assert snapshot == {t.key: (t.start_on, t.due_on) for t in plan.tasks.all()}


def test_a_signature_needs_a_name_and_no_future_date(project, ae, mkt_manager):
    plan = plan_approve(
        actor=mkt_manager, plan=plan_generate(actor=ae, project=project, start_on=START)
    )
    with pytest.raises(DomainError):
        plan_sign(actor=ae, plan=plan, signer_name="  ", signed_on=SIGNED)
    with pytest.raises(DomainError):
        plan_sign(actor=ae, plan=plan, signer_name="王经理", signed_on=date(2099, 1, 1))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED
    assert (
        not PlanVersion.objects.exists()
        and not PlanStatusChange.objects.filter(to_status="signed").exists()
    )


def _dates(task: PlanTask) -> tuple[date, date, int]:
    task.refresh_from_db()
    return task.start_on, task.due_on, task.days


def test_a_locked_plans_dates_cannot_change_through_the_service(project, ae, mkt_manager, gm):
    plan = locked_plan(project, ae, mkt_manager)
    task = plan.tasks.order_by("position").first()
    before = _dates(task)
    for actor in (ae, mkt_manager, gm):
        with pytest.raises(DomainError):
            plan_task_update(actor=actor, task=task, owner=None, start_on=date(2026, 11, 2), days=9)
    assert _dates(task) == before


def test_a_locked_plans_dates_cannot_change_through_the_page(project, ae, mkt_manager):
    plan = locked_plan(project, ae, mkt_manager)
    task = plan.tasks.order_by("position").first()
    before = _dates(task)
    browser = Browser()
    browser.force_login(ae)
    page = browser.get(f"/projects/{project.pk}/plan/")
    edit_action = f'/plan/tasks/{task.pk}/"'  # the edit form, not the progress buttons
    assert not page.context["may_edit_plan"] and edit_action not in page.content.decode()
    data = {"owner": ae.pk, "start_on": "2026-11-02", "days": "9"}
    response = browser.post(f"/projects/{project.pk}/plan/tasks/{task.pk}/", data)
    assert response.status_code == 400
    assert _dates(task) == before


def test_a_locked_plans_dates_cannot_change_through_the_admin(project, ae, mkt_manager):
    plan = locked_plan(project, ae, mkt_manager)
    task = plan.tasks.order_by("position").first()
    before = _dates(task)
    root = User.objects.create_superuser("root", "root@example.cn", "x")
    browser = Browser()
    browser.force_login(root)
    assert browser.get(f"/admin/projects/plan/{plan.pk}/change/").status_code == 200
    data = {
        "status": "draft",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "1",
        "tasks-0-id": str(task.pk),
        "tasks-0-start_on": "2026-11-02",
        "tasks-0-due_on": "2026-11-30",
    }
    response = browser.post(f"/admin/projects/plan/{plan.pk}/change/", data)
    assert response.status_code == 403
    assert browser.get("/admin/projects/plantask/").status_code == 404  # not registered
    assert _dates(task) == before and Plan.objects.get(pk=plan.pk).status == PlanStatus.LOCKED


def test_slippage_is_counted_in_working_days_across_the_national_day_holiday(
    project, ae, mkt_manager, gm
):
    plan = locked_plan(project, ae, mkt_manager)
    first = _survey_step(plan)  # 2026-09-28 → 2026-09-29 in the baseline
    assert (first.start_on, first.due_on) == (START, date(2026, 9, 29))
    change = change_request_create(
        actor=ae, plan=plan, reason="甲方调整", impact="顺延", items=[(first, date(2026, 9, 30), 2)]
    )
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    change_request_decide(actor=gm, change_request=change, decision="approved")
    slippage = plan_slippage(plan)
    slip = slippage.for_key(first.key)
    # Due 2026-10-08 instead of 2026-09-29: nine calendar days, two working days late.
    assert (slip.baseline_due_on, slip.due_on, slip.days) == (
        date(2026, 9, 29),
        date(2026, 10, 8),
        2,
    )
    # The steps after it moved with it; the other deliverables did not move.
    assert slippage.maximum == 2 and slippage.total > 2
    moved = {item.task.key for item in change.items.all()}
    assert {s.days for k, s in slippage.tasks.items() if k not in moved} == {0}


def test_an_earlier_date_shows_negative_slippage(project, ae, mkt_manager, gm):
    plan = locked_plan(project, ae, mkt_manager)
    step = _survey_step(plan, 2)  # fieldwork 2026-10-09 → 2026-10-14
    change = change_request_create(
        actor=ae, plan=plan, reason="提前", impact="无", items=[(step, date(2026, 10, 9), 2)]
    )
    change_request_decide(actor=gm, change_request=change, decision="approved")
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    # Due 2026-10-10 (the make-up Saturday) instead of 2026-10-14: 10-12, 10-13, 10-14.
    assert plan_slippage(plan).for_key(step.key).days == -3
    browser = Browser()
    browser.force_login(ae)
    html = browser.get(f"/projects/{project.pk}/plan/").content.decode()
    assert "−3" in html


def test_the_plan_page_offers_approval_to_the_manager_only(project, ae, mkt_manager):
    plan_generate(actor=ae, project=project, start_on=START)
    manager, lead = Browser(), Browser()
    manager.force_login(mkt_manager)
    lead.force_login(ae)
    assert manager.get(f"/projects/{project.pk}/plan/").context["may_approve_plan"]
    assert not lead.get(f"/projects/{project.pk}/plan/").context["may_approve_plan"]
    assert lead.post(f"/projects/{project.pk}/plan/approve/").status_code == 403
    assert manager.post(f"/projects/{project.pk}/plan/approve/").status_code == 302
    assert Plan.objects.get(project=project).status == PlanStatus.APPROVED


def test_the_lead_records_the_signature_from_the_page(project, ae, mkt_manager):
    plan = plan_approve(
        actor=mkt_manager, plan=plan_generate(actor=ae, project=project, start_on=START)
    )
    browser = Browser()
    browser.force_login(ae)
    assert browser.get(f"/projects/{project.pk}/plan/").context["sign_form"] is not None
    refused = browser.post(
        f"/projects/{project.pk}/plan/sign/", {"signer_name": "", "signed_on": "2026-09-25"}
    )
    assert refused.status_code == 400
    response = browser.post(
        f"/projects/{project.pk}/plan/sign/", {"signer_name": "王经理", "signed_on": "2026-09-25"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.LOCKED and plan.versions.count() == 1
    page = browser.get(f"/projects/{project.pk}/plan/")
    assert page.context["change_form"] is not None and page.context["sign_form"] is None
    assert f"/projects/{project.pk}/plan/versions/1/" in page.content.decode()


def test_the_version_page_compares_each_task_with_the_baseline(project, ae, mkt_manager, gm):
    plan = locked_plan(project, ae, mkt_manager)
    first = _survey_step(plan)
    change = change_request_create(
        actor=ae, plan=plan, reason="甲方调整", impact="顺延", items=[(first, date(2026, 9, 30), 2)]
    )
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    change_request_decide(actor=gm, change_request=change, decision="approved")
    browser = Browser()
    browser.force_login(ae)
    response = browser.get(f"/projects/{project.pk}/plan/versions/2/")
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.task.key == first.key)
    assert (row.baseline_due_on, row.due_on, row.slip) == (date(2026, 9, 29), date(2026, 10, 8), 2)
    assert browser.get(f"/projects/{project.pk}/plan/versions/3/").status_code == 404


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_the_locked_plan_page_query_count_is_pinned_for_5_and_30_tasks(ae, mkt_manager, gm):
    small = project_for(ae, services=_lines("community_culture"))
    large = project_for(ae, services=_lines("market_research", "marketing_planning"))
    for project in (small, large):
        plan = locked_plan(project, ae, mkt_manager)
        task = plan.tasks.order_by("position").first()
        change = change_request_create(
            actor=ae, plan=plan, reason="r", impact="i", items=[(task, date(2026, 11, 2), 2)]
        )
        change_request_decide(actor=gm, change_request=change, decision="approved")
        _request(plan, ae)
    assert small.plans.get().tasks.count() <= 5
    assert large.plans.get().tasks.count() >= 30
    browser = Browser()
    browser.force_login(mkt_manager)
    few = _queries(browser, f"/projects/{small.pk}/plan/")
    many = _queries(browser, f"/projects/{large.pk}/plan/")
    assert few == many == LOCKED_PLAN_QUERIES
