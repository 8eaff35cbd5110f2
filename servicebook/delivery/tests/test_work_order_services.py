"""Work-order services: the whole workflow, every forbidden move and wrong person, inputs,
numbering, working-day due dates, notifications and attachment limits."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone, translation

from servicebook.accounts.models import Notification, NotificationKind, User
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.workdays import due_date
from servicebook.delivery.models import (
    RoundOutcome,
    WorkOrder,
    WorkOrderAttachment,
    WorkOrderRound,
    WorkOrderStatusChange,
)
from servicebook.delivery.services import work_orders as services
from servicebook.delivery.services.work_order_files import MAX_ATTACHMENT_BYTES
from servicebook.delivery.tests.work_order_setup import (
    TODAY,
    W,
    advance,
    creative_manager,
    creative_staff,
    issue,
    upload,
)
from servicebook.delivery.workflows import WORK_ORDER_WORKFLOW
from servicebook.projects.models import Project
from servicebook.projects.services import plan_generate, project_set_lead, team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def _english_and_a_fixed_today():
    """Messages are matched in English; "today" is the Monday before National Day 2026."""

    def localdate(value: Any = None, timezone: Any = None) -> date:
        return TODAY if value is None else _real_localdate(value, timezone)

    with translation.override("en"), mock.patch("django.utils.timezone.localdate", localdate):
        yield


@pytest.fixture
def project(ae) -> Project:
    return project_for(ae)


@pytest.fixture
def work_order(ae, designer, project) -> WorkOrder:
    return issue(ae, project, assignee=designer)


# ---------------------------------------------------------------- the whole workflow


def test_a_work_order_goes_from_issue_through_two_rounds_to_done(
    ae, designer, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wo = issue(ae, project, assignee=designer, files=[upload("参考图.jpg", b"jpg")])
        services.work_order_accept(actor=designer, work_order=wo)
        services.work_order_start(actor=designer, work_order=wo)
        first = services.work_order_submit(
            actor=designer, work_order=wo, note="初稿三版", files=[upload()]
        )
        services.work_order_record_feedback(
            actor=ae, work_order=wo, outcome="revise", feedback="标题再大一些"
        )
        services.work_order_resume(actor=designer, work_order=wo)
        second = services.work_order_submit(actor=designer, work_order=wo, note="二稿")
        services.work_order_record_feedback(
            actor=ae, work_order=wo, outcome="approved", feedback="客户满意"
        )
        services.work_order_close(actor=ae, work_order=wo, note="交付")
    wo.refresh_from_db()
    assert wo.status == W.DONE and wo.closed_at is not None
    assert [first.number, second.number] == [1, 2]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, first.client_feedback, first.feedback_by) == (
        "revise",
        "标题再大一些",
        ae,
    )
    assert (second.outcome, second.client_feedback) == ("approved", "客户满意")
    moves = list(
        WorkOrderStatusChange.objects.filter(work_order=wo)
        .order_by("id")
        .values_list("from_status", "to_status", "actor__username")
    )
    assert moves == [
        ("issued", "accepted", "designer1"),
        ("accepted", "in_progress", "designer1"),
        ("in_progress", "submitted", "designer1"),
        ("submitted", "revision_requested", "ae1"),
        ("revision_requested", "in_progress", "designer1"),
        ("in_progress", "submitted", "designer1"),
        ("submitted", "client_approved", "ae1"),
        ("client_approved", "done", "ae1"),
    ]
    brief_files = WorkOrderAttachment.objects.filter(work_order=wo, round=None)
    assert [a.name for a in brief_files] == ["参考图.jpg"]
    assert [a.name for a in first.attachments.all()] == ["设计初稿.pdf"]
    kinds = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == [
        ("ae1", "work_order_submitted"),
        ("ae1", "work_order_submitted"),
        ("designer1", "work_order_assigned"),
        ("designer1", "work_order_feedback"),
        ("designer1", "work_order_feedback"),
    ]


def test_a_work_order_for_a_department_is_accepted_by_its_manager_naming_the_designer(
    ae, designer, project, django_capture_on_commit_callbacks
):
    manager = creative_manager()
    with django_capture_on_commit_callbacks(execute=True):
        wo = issue(ae, project)
    [note] = Notification.objects.all()
    assert (note.recipient, note.kind) == (manager, NotificationKind.WORK_ORDER_TO_DEPARTMENT)
    assert wo.number in note.text and "Creative" in note.text
    assert note.url == f"/projects/{project.pk}/work-orders/{wo.pk}/"
    with pytest.raises(DomainError, match="Name the person in Creative") as refused:
        services.work_order_accept(actor=manager, work_order=wo)
    assert refused.value.field == "assignee"
    with django_capture_on_commit_callbacks(execute=True):
        services.work_order_accept(actor=manager, work_order=wo, assignee=designer)
    wo.refresh_from_db()
    assert (wo.status, wo.assignee) == (W.ACCEPTED, designer)
    assert Notification.objects.get(recipient=designer).kind == "work_order_assigned"


def test_the_receiving_manager_may_hand_the_work_to_another_designer_when_accepting(
    ae, designer, work_order
):
    other = creative_staff()
    services.work_order_accept(actor=creative_manager(), work_order=work_order, assignee=other)
    work_order.refresh_from_db()
    assert work_order.assignee == other


def test_the_gm_accepts_for_any_department(gm, ae, designer, project):
    wo = issue(ae, project)
    services.work_order_accept(actor=gm, work_order=wo, assignee=designer)
    wo.refresh_from_db()
    assert wo.assignee == designer


# ---------------------------------------------------------------- every forbidden move

ACTIONS = {
    "accept": (W.ISSUED,),
    "start": (W.ACCEPTED,),
    "submit": (W.IN_PROGRESS,),
    "feedback": (W.SUBMITTED,),
    "resume": (W.REVISION_REQUESTED,),
    "close": (W.CLIENT_APPROVED,),
    "cancel": (W.ISSUED, W.ACCEPTED, W.IN_PROGRESS, W.REVISION_REQUESTED),
}


def _do(action: str, wo: WorkOrder, *, issuer: User, assignee: User, actor: User | None = None):
    """Run one service as the person it is meant for (or ``actor``)."""
    if action in ("accept", "start", "submit", "resume"):
        who = actor or assignee
        if action == "submit":
            return services.work_order_submit(actor=who, work_order=wo, note="稿件")
        return getattr(services, f"work_order_{action}")(actor=who, work_order=wo)
    who = actor or issuer
    if action == "feedback":
        return services.work_order_record_feedback(
            actor=who, work_order=wo, outcome="revise", feedback="改"
        )
    if action == "cancel":
        return services.work_order_cancel(actor=who, work_order=wo, reason="不做了")
    return services.work_order_close(actor=who, work_order=wo)


def test_the_action_table_matches_the_transition_table():
    moves = {
        "accept": W.ACCEPTED,
        "start": W.IN_PROGRESS,
        "submit": W.SUBMITTED,
        "feedback": W.REVISION_REQUESTED,
        "resume": W.IN_PROGRESS,
        "close": W.DONE,
        "cancel": W.CANCELLED,
    }
    for action, sources in ACTIONS.items():
        allowed = {s for s in W.values if WORK_ORDER_WORKFLOW.allows(s, moves[action])}
        if action == "start":
            allowed -= {W.REVISION_REQUESTED}  # that move is "resume"
        if action == "resume":
            allowed -= {W.ACCEPTED}  # that move is "start"
        assert allowed == set(sources), action


@pytest.mark.parametrize("status", W.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_move_outside_the_table_is_refused_and_changes_nothing(
    status, action, ae, designer, work_order
):
    wo = advance(work_order, status, issuer=ae, assignee=designer)
    if status in ACTIONS[action]:
        _do(action, wo, issuer=ae, assignee=designer)
        return
    changes = WorkOrderStatusChange.objects.count()
    rounds = WorkOrderRound.objects.count()
    with pytest.raises(DomainError) as refused:
        _do(action, wo, issuer=ae, assignee=designer)
    assert not isinstance(refused.value, PermissionDenied)
    wo.refresh_from_db()
    assert wo.status == status
    assert (WorkOrderStatusChange.objects.count(), WorkOrderRound.objects.count()) == (
        changes,
        rounds,
    )


# ---------------------------------------------------------------- every wrong person


@pytest.fixture
def people(gm, mkt_manager, ae, other_ae, designer, outsider) -> dict[str, User]:
    return {
        "gm": gm,
        "mkt_manager": mkt_manager,
        "ae": ae,
        "other_ae": other_ae,
        "designer": designer,
        "outsider": outsider,
        "creative_manager": creative_manager(),
        "other_designer": creative_staff(),
    }


# Who may make each move on a work order issued by ``ae`` (the project lead, Marketing) to
# ``designer`` (Creative): the assignee works; the issuer, lead and managers speak for the
# client; the receiving manager and the GM accept.
MAY = {
    "accept": {"designer", "creative_manager", "gm"},
    "start": {"designer"},
    "submit": {"designer"},
    "resume": {"designer"},
    "feedback": {"ae", "mkt_manager", "gm"},
    "close": {"ae", "mkt_manager", "gm"},
    "cancel": {"ae", "mkt_manager", "gm"},
}


@pytest.mark.parametrize("action", list(MAY))
@pytest.mark.parametrize(
    "persona",
    [
        "gm",
        "mkt_manager",
        "ae",
        "other_ae",
        "designer",
        "outsider",
        "creative_manager",
        "other_designer",
    ],
)
def test_only_the_right_people_make_each_move(action, persona, people, work_order):
    wo = advance(work_order, ACTIONS[action][0], issuer=people["ae"], assignee=people["designer"])
    actor = people[persona]
    if persona in MAY[action]:
        _do(action, wo, issuer=people["ae"], assignee=people["designer"], actor=actor)
        return
    with pytest.raises(PermissionDenied):
        _do(action, wo, issuer=people["ae"], assignee=people["designer"], actor=actor)
    assert WorkOrder.objects.get(pk=wo.pk).status == wo.status


def test_the_assignee_cannot_hand_the_work_to_someone_else(designer, work_order):
    with pytest.raises(PermissionDenied, match="Only the department manager"):
        services.work_order_accept(actor=designer, work_order=work_order, assignee=creative_staff())


def test_an_issuer_who_is_not_lead_still_records_feedback_and_closes(ae, designer, project):
    member = creative_staff("copy1")
    team_member_add(actor=ae, project=project, user=member, role="copywriter", is_backup=False)
    wo = advance(
        issue(member, project, assignee=designer), W.SUBMITTED, issuer=member, assignee=designer
    )
    services.work_order_record_feedback(
        actor=member, work_order=wo, outcome="approved", feedback=""
    )
    services.work_order_close(actor=member, work_order=wo)
    assert WorkOrder.objects.get(pk=wo.pk).status == W.DONE


# ---------------------------------------------------------------- issuing


@pytest.mark.parametrize("persona", ["ae", "mkt_manager", "gm"])
def test_the_lead_the_department_manager_and_the_gm_issue(persona, request, project):
    wo = issue(request.getfixturevalue(persona), project)
    assert wo.status == W.ISSUED and wo.assignee is None


def test_a_team_member_issues_but_someone_off_the_team_does_not(ae, designer, project):
    with pytest.raises(PermissionDenied):
        issue(designer, project)
    team_member_add(actor=ae, project=project, user=designer, role="designer", is_backup=False)
    assert issue(designer, project).issued_by == designer


@pytest.mark.parametrize("persona", ["other_ae", "outsider", "ka_manager"])
def test_people_without_a_part_in_the_project_cannot_issue(persona, request, project):
    with pytest.raises(PermissionDenied):
        issue(request.getfixturevalue(persona), project)
    assert not WorkOrder.objects.exists()


def test_the_client_owner_who_no_longer_leads_the_project_cannot_issue(
    ae, other_ae, mkt_manager, project
):
    project_set_lead(actor=mkt_manager, project=project, user=other_ae)
    with pytest.raises(PermissionDenied):
        issue(ae, project)
    assert issue(other_ae, project).issued_by == other_ae


def test_a_closed_project_takes_no_new_work_orders(ae, project):
    Project.objects.filter(pk=project.pk).update(status="closed")
    with pytest.raises(DomainError, match="closed"):
        issue(ae, project)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"brief": ""}, "brief"),
        ({"days": 0}, "days"),
        ({"days": 366}, "days"),
        ({"start_on": date(2026, 9, 25)}, "start_on"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_issued(fields, field, ae, project):
    with pytest.raises(DomainError) as refused:
        issue(ae, project, **fields)
    assert refused.value.field == field
    assert not WorkOrder.objects.exists()


def test_the_assignee_must_be_active_staff_of_the_receiving_department(
    ae, other_ae, designer, project
):
    with pytest.raises(DomainError, match="works in Creative") as refused:
        issue(ae, project, assignee=other_ae)
    assert refused.value.field == "assignee"
    designer.is_active = False
    designer.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="works in Creative"):
        issue(ae, project, assignee=designer)


def test_a_plan_task_must_belong_to_this_projects_plan(ae, project):
    other = project_for(ae)
    plan_generate(actor=ae, project=project, start_on=TODAY)
    plan_generate(actor=ae, project=other, start_on=TODAY)
    mine = project.plans.get().tasks.first()
    theirs = other.plans.get().tasks.first()
    assert issue(ae, project, task=mine).task == mine
    with pytest.raises(DomainError) as refused:
        issue(ae, project, task=theirs)
    assert refused.value.field == "task"


# ---------------------------------------------------------------- numbers and dates


def test_work_orders_are_numbered_gd_year_and_a_gap_free_series(ae, project):
    first = issue(ae, project)
    with pytest.raises(DomainError):  # a refused file rolls the whole issue back
        issue(ae, project, files=[upload("病毒.exe", b"MZ")])
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(ae, project)
        raise RuntimeError("the caller's transaction fails")
    second = issue(ae, project)
    assert (first.number, second.number) == ("GD-2026-0001", "GD-2026-0002")


def test_the_due_date_counts_working_days_across_national_day_2026(ae, project):
    assert due_date(date(2026, 9, 30), 2) == date(2026, 10, 8)
    wo = issue(ae, project, start_on=date(2026, 9, 30), days=2)
    assert (wo.start_on, wo.due_on, wo.days) == (date(2026, 9, 30), date(2026, 10, 8), 2)


def test_without_a_start_the_work_starts_the_next_working_day(ae, project):
    wo = issue(ae, project, days=1)
    assert (wo.start_on, wo.due_on) == (date(2026, 9, 29), date(2026, 9, 29))


def test_a_start_on_a_holiday_moves_to_the_next_working_day(ae, project):
    wo = issue(ae, project, start_on=date(2026, 10, 3), days=1)
    assert (wo.start_on, wo.due_on) == (date(2026, 10, 8), date(2026, 10, 8))


# ---------------------------------------------------------------- rounds and feedback


def test_a_submission_needs_a_note_or_files(designer, ae, work_order):
    wo = advance(work_order, W.IN_PROGRESS, issuer=ae, assignee=designer)
    with pytest.raises(DomainError, match="Say what you are submitting") as refused:
        services.work_order_submit(actor=designer, work_order=wo, note="  ")
    assert refused.value.field == "note"
    round_ = services.work_order_submit(actor=designer, work_order=wo, note="", files=[upload()])
    assert round_.number == 1 and round_.attachments.count() == 1


def test_a_revision_needs_the_clients_words_and_an_outcome_must_be_known(designer, ae, work_order):
    wo = advance(work_order, W.SUBMITTED, issuer=ae, assignee=designer)
    with pytest.raises(DomainError, match="what the client wants changed") as refused:
        services.work_order_record_feedback(actor=ae, work_order=wo, outcome="revise", feedback=" ")
    assert refused.value.field == "feedback"
    with pytest.raises(DomainError) as unknown:
        services.work_order_record_feedback(
            actor=ae, work_order=wo, outcome="pending", feedback="x"
        )
    assert unknown.value.field == "outcome"
    assert WorkOrderRound.objects.get().outcome == RoundOutcome.PENDING
    assert WorkOrder.objects.get(pk=wo.pk).status == W.SUBMITTED


def test_rounds_are_numbered_one_two_three(designer, ae, work_order):
    wo = advance(work_order, W.REVISION_REQUESTED, issuer=ae, assignee=designer)
    for _ in range(2):
        services.work_order_resume(actor=designer, work_order=wo)
        services.work_order_submit(actor=designer, work_order=wo, note="再改")
        services.work_order_record_feedback(
            actor=ae, work_order=wo, outcome="revise", feedback="再改"
        )
    assert list(wo.rounds.values_list("number", "outcome")) == [
        (1, "revise"),
        (2, "revise"),
        (3, "revise"),
    ]


def test_a_cancellation_needs_a_reason_and_tells_the_assignee(
    ae, designer, work_order, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError) as refused:
        services.work_order_cancel(actor=ae, work_order=work_order, reason=" ")
    assert refused.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        services.work_order_cancel(actor=ae, work_order=work_order, reason="客户取消了这项工作")
    work_order.refresh_from_db()
    assert work_order.status == W.CANCELLED and work_order.closed_at is not None
    note = Notification.objects.get(recipient=designer, kind="work_order_cancelled")
    assert "客户取消了这项工作" in note.text


def test_a_rolled_back_issue_tells_nobody(
    ae, designer, project, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        issue(ae, project, assignee=designer)
        raise RuntimeError
    assert callbacks == [] and not Notification.objects.exists()


def test_the_notifications_read_in_the_readers_language(
    ae, designer, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wo = issue(ae, project, assignee=designer, start_on=date(2026, 9, 30), days=2)
    note = Notification.objects.get(recipient=designer)
    assert note.text == f"Ae1 handed you work order {wo.number} “楼书设计初稿”, due 2026-10-08."


# ---------------------------------------------------------------- attachments


def test_an_attachment_keeps_its_name_size_and_type_and_is_stored_under_a_random_name(
    designer, work_order
):
    attachment = services.work_order_attach(
        actor=designer,
        work_order=work_order,
        file=upload("星河 楼书（第一版）.pdf", b"%PDF-1.7 x" * 10),
    )
    assert (attachment.name, attachment.size, attachment.content_type) == (
        "星河 楼书（第一版）.pdf",
        100,
        "application/pdf",
    )
    assert attachment.round is None and attachment.uploaded_by == designer
    assert attachment.file.name.startswith("work-orders/2026/")
    assert attachment.file.name.endswith(".pdf") and "星河" not in attachment.file.name
    assert attachment.file.read() == b"%PDF-1.7 x" * 10


@pytest.mark.parametrize(
    "name",
    ["setup.exe", "run.bat", "app.js", "page.html", "page.HTM", "SETUP.EXE", "trick.exe.", "x.ps1"],
)
def test_files_that_run_programs_are_refused(name, designer, work_order):
    with pytest.raises(DomainError, match="can run programs") as refused:
        services.work_order_attach(actor=designer, work_order=work_order, file=upload(name, b"x"))
    assert refused.value.field == "file"
    assert not WorkOrderAttachment.objects.exists()


def test_a_web_page_is_refused_whatever_its_name(designer, work_order):
    with pytest.raises(DomainError, match="can run programs"):
        services.work_order_attach(
            actor=designer, work_order=work_order, file=upload("说明.txt", b"<html>", "text/html")
        )


def test_an_empty_file_and_one_over_20_mb_are_refused(designer, work_order):
    with pytest.raises(DomainError, match="is empty"):
        services.work_order_attach(
            actor=designer, work_order=work_order, file=upload("空.pdf", b"")
        )
    big = upload("大图.psd", b"0" * (MAX_ATTACHMENT_BYTES + 1), "image/vnd.adobe.photoshop")
    with pytest.raises(DomainError, match="larger than 20 MB"):
        services.work_order_attach(actor=designer, work_order=work_order, file=big)
    exactly = upload("刚好.psd", b"0" * MAX_ATTACHMENT_BYTES, "image/vnd.adobe.photoshop")
    assert services.work_order_attach(actor=designer, work_order=work_order, file=exactly).size
    assert WorkOrderAttachment.objects.count() == 1


@pytest.mark.parametrize("persona", ["ae", "designer", "mkt_manager", "gm"])
def test_the_people_taking_part_add_files(persona, request, work_order):
    actor = request.getfixturevalue(persona)
    assert services.work_order_attach(actor=actor, work_order=work_order, file=upload()).pk


def test_the_receiving_manager_adds_files_but_a_team_member_who_did_not_issue_does_not(
    ae, work_order, project
):
    assert services.work_order_attach(
        actor=creative_manager(), work_order=work_order, file=upload()
    )
    member = creative_staff("copy1")
    team_member_add(actor=ae, project=project, user=member, role="copywriter", is_backup=False)
    with pytest.raises(PermissionDenied):
        services.work_order_attach(actor=member, work_order=work_order, file=upload())


def test_a_closed_work_order_takes_no_more_files(ae, designer, work_order):
    wo = advance(work_order, W.DONE, issuer=ae, assignee=designer)
    with pytest.raises(DomainError, match="closed"):
        services.work_order_attach(actor=ae, work_order=wo, file=upload())


def test_a_bad_file_in_a_submission_submits_nothing(ae, designer, work_order):
    wo = advance(work_order, W.IN_PROGRESS, issuer=ae, assignee=designer)
    with pytest.raises(DomainError) as refused:
        services.work_order_submit(
            actor=designer, work_order=wo, note="稿", files=[upload(), upload("x.js", b"alert(1)")]
        )
    assert refused.value.field == "attachments"
    assert "x.js" in str(refused.value.message)
    assert WorkOrder.objects.get(pk=wo.pk).status == W.IN_PROGRESS
    assert not WorkOrderRound.objects.exists() and not WorkOrderAttachment.objects.exists()
