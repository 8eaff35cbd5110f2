"""Supervision visits (督导): logging a visit and closing follow-ups, every rule tried."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from servicebook.accounts.models import Notification, NotificationKind
from servicebook.accounts.tests.factories import UserFactory, department
from servicebook.catalog.models import ServiceLine
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.delivery.models import SupervisionFollowUp, SupervisionVisit
from servicebook.delivery.permissions import visits as can
from servicebook.delivery.selectors.visits import (
    PlannedVisitState,
    my_open_follow_ups,
    planned_state,
    planned_visits,
)
from servicebook.delivery.services.visits import visit_follow_up_done, visit_log
from servicebook.projects.models import PlanTask, Project
from servicebook.projects.services import plan_generate, team_member_add, team_member_remove
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db
ONE_DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def supervisor(db):
    return UserFactory(
        username="supervisor1",
        full_name="Supervisor1",
        department=department("mkt"),
        roles=["supervisor"],
    )


@pytest.fixture
def project(ae, gm, supervisor, designer) -> Project:
    """A sales supervision project led by ``ae``: a supervisor and a designer on the team, and
    a draft plan that places a supervision visit."""
    project = project_for(ae, services=list(ServiceLine.objects.filter(code="sales_supervision")))
    team_member_add(actor=gm, project=project, user=supervisor, role="supervisor", is_backup=False)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    plan_generate(actor=ae, project=project, start_on=date(2026, 9, 1))
    return project


@pytest.fixture
def planned(project) -> PlanTask:
    return PlanTask.objects.get(plan__project=project, kind="supervision_visit")


def _today() -> date:
    return timezone.localdate()


def _log(actor, project, **changes) -> SupervisionVisit:
    fields = {
        "visited_on": _today(),
        "site": "星沙名都售楼处",
        "checked": ["training", "sales"],
        "findings": "置业顾问对竞品不熟；来访量下降",
        "advice": "加一次竞品培训",
        "strategy_change": "",
        "follow_ups": [],
        "task": None,
    }
    fields.update(changes)
    return visit_log(actor=actor, project=project, **fields)


def _nothing_logged() -> None:
    assert not SupervisionVisit.objects.exists()
    assert not SupervisionFollowUp.objects.exists()


# ---------------------------------------------------------------- logging a visit


def test_the_supervisor_logs_the_planned_visit_with_follow_ups(
    project, planned, supervisor, designer, ae
):
    due = _today() + timedelta(days=3)
    visit = _log(
        supervisor,
        project,
        task=planned,
        checked=["sales", "training", "sales"],
        follow_ups=[(" 安排竞品培训 ", designer, due), ("提交来访分析", ae, _today())],
    )
    visit.refresh_from_db()
    assert visit.task == planned and visit.supervisor == supervisor
    assert visit.recorded_by == supervisor
    assert visit.checked == ["training", "sales"]  # known areas once, in the list's order
    assert visit.checked_labels == ["Sales training", "Sales"]
    rows = list(visit.follow_ups.order_by("due_on", "id"))
    assert [(r.text, r.owner, r.due_on) for r in rows] == [
        ("提交来访分析", ae, _today()),
        ("安排竞品培训", designer, due),
    ]


@pytest.mark.parametrize("persona", ["ae", "mkt_manager", "gm"])
def test_the_lead_and_the_managers_may_log_a_visit_too(persona, request, project):
    assert _log(request.getfixturevalue(persona), project).pk


def test_a_marketing_assistant_of_the_team_may_log_a_visit(project, gm):
    assistant = UserFactory(username="assistant1", roles=["sales_assistant"])
    team_member_add(
        actor=gm, project=project, user=assistant, role="sales_assistant", is_backup=True
    )
    assert _log(assistant, project).supervisor == assistant


@pytest.mark.parametrize("persona", ["designer", "other_ae", "ka_manager", "outsider"])
def test_nobody_else_logs_a_visit(persona, request, project):
    with pytest.raises(PermissionDenied):
        _log(request.getfixturevalue(persona), project)
    _nothing_logged()


def test_a_supervisor_by_job_who_is_not_on_this_team_may_not_log(project):
    stranger = UserFactory(username="supervisor2", roles=["supervisor"])
    with pytest.raises(PermissionDenied):
        _log(stranger, project)
    _nothing_logged()


def test_a_visit_cannot_be_dated_in_the_future(project, supervisor):
    with pytest.raises(DomainError) as caught:
        _log(supervisor, project, visited_on=_today() + timedelta(days=1))
    assert caught.value.field == "visited_on"
    _nothing_logged()


@pytest.mark.parametrize("checked", [[], ["training", "karaoke"]])
def test_at_least_one_known_area_is_checked(checked, project, supervisor):
    with pytest.raises(DomainError) as caught:
        _log(supervisor, project, checked=checked)
    assert caught.value.field == "checked"
    _nothing_logged()


@pytest.mark.parametrize(("field", "value"), [("findings", "  "), ("site", "")])
def test_findings_and_site_are_required(field, value, project, supervisor):
    with pytest.raises(DomainError) as caught:
        _log(supervisor, project, **{field: value})
    assert caught.value.field == field
    _nothing_logged()


def test_a_planned_visit_cannot_be_logged_twice(project, planned, supervisor, ae):
    _log(supervisor, project, task=planned)
    with pytest.raises(DomainError, match="already logged") as caught:
        _log(ae, project, task=planned, visited_on=_today() - timedelta(days=1))
    assert caught.value.field == "task"
    assert SupervisionVisit.objects.count() == 1


def test_the_planned_visit_must_be_a_visit_of_this_projects_plan(project, supervisor, ae, gm):
    other = project_for(ae, services=list(ServiceLine.objects.filter(code="sales_supervision")))
    plan_generate(actor=ae, project=other, start_on=date(2026, 9, 1))
    elsewhere = PlanTask.objects.get(plan__project=other, kind="supervision_visit")
    with pytest.raises(DomainError, match="this project's plan"):
        _log(supervisor, project, task=elsewhere)
    work = PlanTask.objects.filter(plan__project=project, kind="task").first()
    with pytest.raises(DomainError, match="not a supervision visit"):
        _log(supervisor, project, task=work)
    _nothing_logged()


def test_a_follow_up_goes_to_the_team_or_the_lead(project, supervisor, outsider):
    with pytest.raises(DomainError, match="project team") as caught:
        _log(supervisor, project, follow_ups=[("跟进", outsider, _today())])
    assert caught.value.field == "follow_ups"
    _nothing_logged()


def test_a_follow_up_is_not_due_before_the_visit(project, supervisor, designer):
    day = _today() - timedelta(days=2)
    with pytest.raises(DomainError, match="before the visit"):
        _log(
            supervisor, project, visited_on=day, follow_ups=[("跟进", designer, day - timedelta(1))]
        )
    _nothing_logged()


def test_a_follow_up_says_what_is_to_be_done(project, supervisor, designer):
    with pytest.raises(DomainError, match="what is to be done"):
        _log(supervisor, project, follow_ups=[(" ", designer, _today())])
    _nothing_logged()


def test_a_suggested_strategy_change_tells_the_lead_after_commit(
    project, supervisor, ae, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = _log(supervisor, project, strategy_change="来访客群偏年轻，广告改投短视频")
    [note] = Notification.objects.filter(recipient=ae)
    assert note.kind == NotificationKind.STRATEGY_CHANGE
    assert note.url == f"/projects/{project.pk}/visits/{visit.pk}/"
    assert project.code in note.text and _today().isoformat() in note.text


def test_no_strategy_change_tells_nobody(project, supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _log(supervisor, project)
    assert not Notification.objects.exists()


# ---------------------------------------------------------------- follow-ups


@pytest.fixture
def follow_up(project, supervisor, designer) -> SupervisionFollowUp:
    visit = _log(supervisor, project, follow_ups=[("安排竞品培训", designer, _today())])
    return visit.follow_ups.get()


@pytest.mark.parametrize("persona", ["designer", "ae", "mkt_manager", "gm"])
def test_the_owner_the_lead_or_a_manager_closes_a_follow_up(persona, request, follow_up):
    actor = request.getfixturevalue(persona)
    done = visit_follow_up_done(actor=actor, follow_up=follow_up)
    done.refresh_from_db()
    assert done.done_at is not None and done.done_by == actor


@pytest.mark.parametrize("persona", ["supervisor", "other_ae", "ka_manager", "outsider"])
def test_nobody_else_closes_a_follow_up(persona, request, follow_up):
    with pytest.raises(PermissionDenied):
        visit_follow_up_done(actor=request.getfixturevalue(persona), follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_a_follow_up_is_closed_once(follow_up, designer, ae):
    first = visit_follow_up_done(actor=designer, follow_up=follow_up)
    with pytest.raises(DomainError, match="already done"):
        visit_follow_up_done(actor=ae, follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.done_by == designer and follow_up.done_at == first.done_at


def test_my_open_follow_ups_leave_out_done_ones_and_projects_i_left(
    follow_up, designer, gm, project, supervisor
):
    assert list(my_open_follow_ups(designer)) == [follow_up]
    member = project.team.get(user=designer)
    team_member_remove(actor=gm, project=project, member=member)
    assert list(my_open_follow_ups(designer)) == []
    other = _log(supervisor, project, follow_ups=[("再访", supervisor, _today())]).follow_ups.get()
    visit_follow_up_done(actor=supervisor, follow_up=other)
    assert list(my_open_follow_ups(supervisor)) == []


# ---------------------------------------------------------------- planned visits


def test_a_planned_visit_is_logged_overdue_once_its_date_has_passed_or_not_yet(planned):
    today = planned.due_on
    assert planned_state(planned, True, today + timedelta(30)) == PlannedVisitState.LOGGED
    assert planned_state(planned, False, today) == PlannedVisitState.NOT_YET
    assert planned_state(planned, False, today + timedelta(1)) == PlannedVisitState.OVERDUE


def test_planned_visits_come_from_the_plan_with_their_log(project, planned, supervisor):
    [row] = planned_visits(project, planned.due_on + timedelta(days=1))
    assert row.task == planned and row.visit is None and row.state == PlannedVisitState.OVERDUE
    visit = _log(supervisor, project, task=planned)
    [row] = planned_visits(project, planned.due_on + timedelta(days=1))
    assert row.visit == visit and row.state == PlannedVisitState.LOGGED
    assert row.state_label == "Logged" and row.state_colour == "green"


def test_the_permission_predicates_read_only_what_they_are_given(project, ae, designer):
    assert can.may_log_visits(designer, project, {"supervisor"})
    assert not can.may_log_visits(designer, project, {"designer"})
    assert can.may_log_visits(ae, project, set())  # the lead
