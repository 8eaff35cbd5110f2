"""Changing a locked plan: the two-key rule (department manager AND GM), versions, baseline."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client as Browser

from servicebook.accounts.models import User
from servicebook.accounts.services import department_set_manager
from servicebook.accounts.tests.factories import department, make_gm
from servicebook.catalog.models import ServiceLine
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.workdays import due_date
from servicebook.projects.approvals import (
    Decision,
    approval_role_for,
    outcome,
    required_approvals,
)
from servicebook.projects.models import (
    ApprovalRole,
    ChangeRequest,
    ChangeRequestStatus,
    Plan,
    PlanTask,
    PlanVersion,
    Project,
)
from servicebook.projects.services import (
    change_request_create,
    change_request_decide,
    change_request_withdraw,
    plan_approve,
    plan_generate,
    plan_sign,
)
from servicebook.projects.tests.helpers import project_for

START = date(2026, 9, 28)
NEW_START = date(2026, 11, 2)


# The rule itself, without a database.


def _person(pk: int, *, gm: bool = False, manages: frozenset[int] = frozenset()) -> SimpleNamespace:
    return SimpleNamespace(
        pk=pk,
        is_authenticated=True,
        is_active=True,
        is_general_manager=gm,
        managed_department_ids=manages,
    )


PROJECT = SimpleNamespace(department_id=7, lead_id=99)


def test_a_plan_change_requires_the_department_manager_and_the_gm():
    assert required_approvals(None) == (ApprovalRole.DEPT_MANAGER, ApprovalRole.GM)


def test_the_approving_role_follows_the_person_and_the_projects_department():
    assert approval_role_for(_person(1, gm=True), PROJECT) == ApprovalRole.GM
    assert (
        approval_role_for(_person(2, manages=frozenset({7})), PROJECT) == ApprovalRole.DEPT_MANAGER
    )
    assert approval_role_for(_person(3, manages=frozenset({8})), PROJECT) is None
    assert approval_role_for(_person(99), PROJECT) is None  # the lead asks, never approves


def test_nobody_turns_both_keys_not_even_a_gm_who_manages_the_department():
    both = _person(1, gm=True, manages=frozenset({7}))
    assert approval_role_for(both, PROJECT) == ApprovalRole.GM
    after = [Decision(ApprovalRole.GM, 1, "approved")]
    assert approval_role_for(both, PROJECT, after) is None
    assert approval_role_for(_person(2, manages=frozenset({7})), PROJECT, after) == "dept_manager"


def test_one_role_is_decided_once():
    decided = [Decision(ApprovalRole.DEPT_MANAGER, 2, "approved")]
    assert approval_role_for(_person(5, manages=frozenset({7})), PROJECT, decided) is None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "pending"),
        ([("dept_manager", 1, "approved")], "pending"),
        ([("gm", 2, "approved")], "pending"),
        ([("dept_manager", 1, "approved"), ("gm", 2, "approved")], "approved"),
        ([("gm", 2, "approved"), ("dept_manager", 1, "approved")], "approved"),
        ([("dept_manager", 1, "approved"), ("gm", 1, "approved")], "pending"),  # one person
        ([("dept_manager", 1, "rejected")], "rejected"),
        ([("dept_manager", 1, "approved"), ("gm", 2, "rejected")], "rejected"),
    ],
)
def test_the_outcome_of_the_approval_rows(rows, expected):
    assert outcome(Decision(*row) for row in rows) == expected


# Through the services.


@pytest.fixture
def project(ae: User) -> Project:
    services = list(ServiceLine.objects.filter(code__in=["market_research", "marketing_planning"]))
    return project_for(ae, services=services)


@pytest.fixture
def plan(project: Project, ae: User, mkt_manager: User) -> Plan:
    plan = plan_generate(actor=ae, project=project, start_on=START)
    plan_approve(actor=mkt_manager, plan=plan)
    return plan_sign(actor=ae, plan=plan, signer_name="王经理", signed_on=date(2026, 9, 25))


def _first(plan: Plan) -> PlanTask:
    return plan.tasks.order_by("position", "id").first()


def _ask(plan: Plan, actor: User, start: date = NEW_START, days: int = 3) -> ChangeRequest:
    return change_request_create(
        actor=actor,
        plan=plan,
        reason="甲方推迟访谈",
        impact="后续步骤顺延",
        items=[(_first(plan), start, days)],
    )


def _dates(task: PlanTask) -> tuple[date, date]:
    task.refresh_from_db()
    return task.start_on, task.due_on


@pytest.mark.django_db
def test_a_change_request_copies_the_old_dates_and_computes_the_new_due_date(plan, ae):
    task = _first(plan)
    old = _dates(task)
    change = _ask(plan, ae)
    item = change.items.get(knock_on=False)
    assert (item.old_start_on, item.old_due_on) == old
    assert (item.new_start_on, item.new_due_on) == (NEW_START, due_date(NEW_START, 3))
    assert change.status == ChangeRequestStatus.PENDING and _dates(task) == old


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("ae", True), ("mkt_manager", True), ("gm", True), ("other_ae", False), ("designer", False)],
)
def test_the_lead_or_a_manager_requests_a_change(request, plan, persona, allowed):
    actor = request.getfixturevalue(persona)
    if allowed:
        assert _ask(plan, actor).pk
    else:
        with pytest.raises(PermissionDenied):
            _ask(plan, actor)
        assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_a_change_request_needs_a_reason_an_impact_and_tasks_of_this_plan(plan, ae):
    task = _first(plan)
    with pytest.raises(DomainError):
        change_request_create(
            actor=ae, plan=plan, reason=" ", impact="x", items=[(task, NEW_START, 2)]
        )
    with pytest.raises(DomainError):
        change_request_create(
            actor=ae, plan=plan, reason="x", impact="", items=[(task, NEW_START, 2)]
        )
    with pytest.raises(DomainError):
        change_request_create(actor=ae, plan=plan, reason="x", impact="y", items=[])
    with pytest.raises(DomainError):
        change_request_create(
            actor=ae, plan=plan, reason="x", impact="y", items=[(task, NEW_START, 0)]
        )
    assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("mkt_manager", "gm"), ("gm", "mkt_manager")])
def test_the_new_dates_take_effect_only_after_both_approvals_in_either_order(
    request, plan, ae, order
):
    task = _first(plan)
    old = _dates(task)
    change = _ask(plan, ae)
    first, second = (request.getfixturevalue(name) for name in order)
    change_request_decide(actor=first, change_request=change, decision="approved")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING and _dates(task) == old
    assert plan.versions.count() == 1
    change_request_decide(actor=second, change_request=change, decision="approved", comment="同意")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED and change.closed_at
    assert _dates(task) == (NEW_START, due_date(NEW_START, 3))
    roles = dict(change.approvals.values_list("role", "decided_by"))
    assert roles == {
        "dept_manager": request.getfixturevalue("mkt_manager").pk,
        "gm": request.getfixturevalue("gm").pk,
    }


@pytest.mark.django_db
def test_the_same_person_cannot_approve_twice(plan, ae, mkt_manager):
    change = _ask(plan, ae)
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    with pytest.raises(PermissionDenied):
        change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING and change.approvals.count() == 1


@pytest.mark.django_db
def test_a_gm_who_also_manages_the_department_turns_only_one_key(ae):
    boss = make_gm(username="boss", full_name="Boss")
    department_set_manager(department("mkt"), boss)
    services = list(ServiceLine.objects.filter(code__in=["marketing_planning"]))
    project = project_for(ae, services=services)
    plan = plan_generate(actor=ae, project=project, start_on=START)
    plan_approve(actor=boss, plan=plan)
    plan_sign(actor=ae, plan=plan, signer_name="王经理", signed_on=date(2026, 9, 25))
    task = _first(plan)
    old = _dates(task)
    change = _ask(plan, ae)
    change_request_decide(actor=boss, change_request=change, decision="approved")
    with pytest.raises(PermissionDenied):
        change_request_decide(actor=boss, change_request=change, decision="approved")
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING and _dates(task) == old


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["ae", "ka_manager", "designer", "other_ae"])
def test_only_the_department_manager_and_the_gm_decide(request, plan, ae, persona):
    change = _ask(plan, ae)
    with pytest.raises(PermissionDenied):
        change_request_decide(
            actor=request.getfixturevalue(persona), change_request=change, decision="approved"
        )
    assert not change.approvals.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("first_approver", [None, "gm"])
def test_one_rejection_ends_the_request(request, plan, ae, mkt_manager, gm, first_approver):
    task = _first(plan)
    old = _dates(task)
    change = _ask(plan, ae)
    if first_approver:
        change_request_decide(actor=gm, change_request=change, decision="approved")
    with pytest.raises(DomainError):  # a rejection says why
        change_request_decide(actor=mkt_manager, change_request=change, decision="rejected")
    change_request_decide(
        actor=mkt_manager, change_request=change, decision="rejected", comment="影响开盘"
    )
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.REJECTED
    with pytest.raises(DomainError):
        change_request_decide(actor=gm, change_request=change, decision="approved")
    assert _dates(task) == old and plan.versions.count() == 1


@pytest.mark.django_db
def test_a_stale_second_approval_does_not_apply_the_change_twice(
    plan, ae, mkt_manager, gm, ka_manager
):
    change = _ask(plan, ae)
    stale = ChangeRequest.objects.get(pk=change.pk)  # loaded while still pending
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    change_request_decide(actor=gm, change_request=change, decision="approved")
    with pytest.raises(DomainError):
        change_request_decide(actor=gm, change_request=stale, decision="approved")
    with pytest.raises(DomainError):
        change_request_decide(actor=mkt_manager, change_request=stale, decision="approved")
    assert plan.versions.count() == 2 and change.approvals.count() == 2


@pytest.mark.django_db
def test_after_approval_a_new_version_exists_and_the_baseline_is_unchanged(
    plan, ae, mkt_manager, gm
):
    task = _first(plan)
    baseline_before = list(
        plan.versions.get(number=1).tasks.values_list("key", "start_on", "due_on")
    )
    change = _ask(plan, ae)
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    change_request_decide(actor=gm, change_request=change, decision="approved")
    v2 = plan.versions.get(number=2)
    assert v2.change_request_id == change.pk
    assert v2.tasks.get(key=task.key).start_on == NEW_START
    assert v2.tasks.count() == plan.tasks.count()
    baseline = plan.versions.get(number=1)
    assert list(baseline.tasks.values_list("key", "start_on", "due_on")) == baseline_before


@pytest.mark.django_db
def test_the_baseline_survives_two_successive_approved_changes(plan, ae, mkt_manager, gm):
    task = _first(plan)
    original = _dates(task)
    for start, approvers in (
        (NEW_START, (mkt_manager, gm)),
        (date(2026, 11, 16), (gm, mkt_manager)),
    ):
        change = _ask(plan, ae, start=start)
        for approver in approvers:
            change_request_decide(actor=approver, change_request=change, decision="approved")
    versions = {v.number: v.tasks.get(key=task.key) for v in PlanVersion.objects.filter(plan=plan)}
    assert sorted(versions) == [1, 2, 3]
    assert (versions[1].start_on, versions[1].due_on) == original
    assert versions[2].start_on == NEW_START
    assert versions[3].start_on == date(2026, 11, 16) == _dates(task)[0]


@pytest.mark.django_db
def test_whoever_asked_withdraws_a_pending_request(plan, ae, mkt_manager):
    change = _ask(plan, ae)
    with pytest.raises(PermissionDenied):
        change_request_withdraw(actor=mkt_manager, change_request=change)
    change_request_withdraw(actor=ae, change_request=change)
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.WITHDRAWN
    with pytest.raises(DomainError):
        change_request_decide(actor=mkt_manager, change_request=change, decision="approved")


def _consistent(plan: Plan) -> bool:
    """Every line starts after its dependencies are due (milestone lines on that day)."""
    for task in plan.tasks.prefetch_related("depends_on"):
        for dependency in task.depends_on.all():
            same_day = task.is_milestone or task.kind != "task"
            if task.start_on < dependency.due_on or (
                not same_day and task.start_on == dependency.due_on
            ):
                return False
    return True


@pytest.mark.django_db
def test_moving_a_task_later_takes_the_tasks_that_depend_on_it_along(plan, ae, mkt_manager, gm):
    assert _consistent(plan)
    change = _ask(plan, ae)
    asked = change.items.get(knock_on=False)
    followers = list(change.items.filter(knock_on=True).select_related("task"))
    assert followers, "the steps after the first one move with it"
    assert all(item.new_start_on > item.old_start_on >= asked.old_due_on for item in followers)
    assert all(item.task.deliverable_id == asked.task.deliverable_id for item in followers)
    for approver in (mkt_manager, gm):
        change_request_decide(actor=approver, change_request=change, decision="approved")
    assert _consistent(plan)
    v2 = {
        k: (s, d)
        for k, s, d in plan.versions.get(number=2).tasks.values_list("key", "start_on", "due_on")
    }
    for item in followers:
        assert v2[item.task.key] == (item.new_start_on, item.new_due_on)


@pytest.mark.django_db
def test_a_task_cannot_be_moved_to_start_before_what_it_depends_on_is_due(plan, ae):
    second = plan.tasks.order_by("position", "id")[1]
    assert second.depends_on.exists()
    with pytest.raises(DomainError):
        change_request_create(
            actor=ae, plan=plan, reason="x", impact="y", items=[(second, START, 1)]
        )
    assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_a_request_made_before_another_change_took_effect_cannot_be_approved(
    plan, ae, mkt_manager, gm
):
    task = _first(plan)
    earlier = _ask(plan, ae, start=NEW_START)
    later = _ask(plan, ae, start=date(2026, 11, 16))
    for approver in (mkt_manager, gm):
        change_request_decide(actor=approver, change_request=earlier, decision="approved")
    change_request_decide(actor=mkt_manager, change_request=later, decision="approved")
    with pytest.raises(DomainError):
        change_request_decide(actor=gm, change_request=later, decision="approved")
    later.refresh_from_db()
    assert later.status == ChangeRequestStatus.PENDING
    assert _dates(task)[0] == NEW_START and plan.versions.count() == 2


# Through the page.


def _browser(user: User) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.mark.django_db
def test_a_change_is_requested_and_approved_on_the_plan_page(plan, project, ae, mkt_manager, gm):
    task = _first(plan)
    url = f"/projects/{project.pk}/plan/"
    data = {
        "tasks": [str(task.pk)],
        "new_start_on": "2026-11-02",
        "days": "3",
        "reason": "甲方推迟",
        "impact": "顺延",
    }
    assert _browser(ae).post(url + "changes/", {**data, "reason": ""}).status_code == 400
    assert _browser(ae).post(url + "changes/", data).status_code == 302
    change = ChangeRequest.objects.get()
    decide = f"{url}changes/{change.pk}/decide/"
    lead_page = _browser(ae).get(url)
    assert not lead_page.context["change_requests"][0].may_decide
    assert _browser(ae).post(decide, {"decision": "approved"}).status_code == 400
    manager_page = _browser(mkt_manager).get(url)
    assert manager_page.context["change_requests"][0].may_decide
    assert decide in manager_page.content.decode()
    assert _browser(mkt_manager).post(decide, {"decision": "approved"}).status_code == 302
    assert not _browser(mkt_manager).get(url).context["change_requests"][0].may_decide
    assert _browser(gm).post(decide, {"decision": "approved"}).status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    assert _dates(task)[0] == NEW_START


@pytest.mark.django_db
def test_the_plan_page_names_the_version_in_force(plan, project, ae, mkt_manager, gm):
    page = _browser(ae).get(f"/projects/{project.pk}/plan/")
    assert [v.number for v in page.context["versions"]] == [1]
    change = _ask(plan, ae)
    for approver in (mkt_manager, gm):
        change_request_decide(actor=approver, change_request=change, decision="approved")
    html = _browser(ae).get(f"/projects/{project.pk}/plan/")
    assert [v.number for v in html.context["versions"]] == [1, 2]
    assert "第 2 版" in html.content.decode()
