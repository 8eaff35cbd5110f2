"""The service-log services: drafting from the week's records, editing, re-drafting,
sending and the client's acknowledgement; who may, the transition table, bad input, the
periodic job, and the queries a draft costs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from servicebook.accounts.models import User
from servicebook.communications.jobs import draft_due_logs
from servicebook.communications.models import LogKind, LogStatus, ServiceLog
from servicebook.communications.models.logs import ServiceLogStatusChange
from servicebook.communications.selectors.logs import log_standing
from servicebook.communications.services.logs import (
    LOG_WORKFLOW,
    SECTION_MAX_LENGTH,
    service_log_acknowledge,
    service_log_draft,
    service_log_mark_sent,
    service_log_redraft,
    service_log_update,
)
from servicebook.communications.tests.test_log_setup import (
    TODAY,
    WEEK_START,
    a_baseline,
    a_contact,
    a_plan,
    a_task,
    at,
    fixed_clock,
    grow,
    seed_week,
)
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

WEEKLY, MONTHLY = LogKind.WEEKLY, LogKind.MONTHLY
# Drafting a log: the transaction's savepoint and release, the project (locked), exists?,
# the calendar for the due date, plan, tasks, work orders, their rounds, contacts,
# requests, letters, visits, meetings, the calendar of the facts, the baseline, the
# version in force, and the insert.
DRAFT_QUERIES = 18


@pytest.fixture(autouse=True)
def _english_on_a_fixed_day() -> Iterator[None]:
    with translation.override("en"), fixed_clock(TODAY):
        yield


@pytest.fixture
def project(ae: User, gm: User, designer: User) -> Project:
    """A Marketing project led by ``ae`` with ``designer`` on the team."""
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    return project


@pytest.fixture
def log(project: Project, ae: User) -> ServiceLog:
    a_plan(project, WEEK_START)
    return service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=WEEK_START)


# ---------------------------------------------------------------- drafting


def test_the_lead_drafts_last_weeks_log_from_the_weeks_records(project, ae, designer):
    seeded = seed_week(project, ae, designer)
    log = service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=date(2026, 10, 14))
    assert (log.period_start, log.period_end, log.due_on) == (
        date(2026, 10, 12),
        date(2026, 10, 18),
        date(2026, 10, 19),
    )
    assert log.status == LogStatus.DRAFT and log.drafted_by == ae
    assert "Questionnaire design (Designer1, done 13 Oct)" in log.work_done
    assert "Research plan" not in log.work_done  # done the week before
    assert f"{seeded.waiting.number} 楼书设计初稿: round 1 handed to the client" in log.work_done
    assert f"{seeded.approved.number} 海报: approved by the client on 14 Oct" in log.work_done
    assert f"{seeded.closed.number} DM单页: completed on 15 Oct" in log.work_done
    assert "王经理: 确认问卷初稿 (to follow up: 周五前回复修改意见)" in log.communications
    assert "上周的沟通" not in log.communications
    assert f"{seeded.open_letter.number} 样板间开放时间: sent on 12 Oct" in log.communications
    assert f"{seeded.answered_letter.number} 推广预算: answered by the client" in log.communications
    assert "14 Oct 增加竞品楼盘对比" in log.client_requests
    assert "提供样板间照片 (raised 29 Sep; open 9 working days, first answered 30 Sep)" in (
        log.client_requests
    )
    assert "早已解决的请求" not in log.client_requests
    assert "Plan task Fieldwork (Ae1) was due 16 Oct: overdue" in log.client_requests
    assert f"Work order {seeded.late.number} 户型图 (Designer1) was due 14 Oct" in (
        log.client_requests
    )
    assert f"Work order {seeded.waiting.number} 楼书设计初稿, round 1: handed in 13 Oct" in (
        log.awaiting_confirmation
    )
    assert f"Consultation letter {seeded.open_letter.number}" in log.awaiting_confirmation
    assert "Statistics" in log.next_plan
    assert "Research report delivered (Ae1, 23 Oct – 23 Oct) [milestone]" in log.next_plan
    assert log.figures["tasks_done"] == 1 and log.figures["contacts"] == 1
    assert log.figures["work_orders_approved"] == 2 and log.figures["work_orders_done"] == 1
    assert log.figures["waiting"] == 2 and log.figures["requests_open"] == 2
    assert log.progress == ""  # a weekly log has no monthly sections


def test_this_weeks_log_counts_the_records_up_to_today(project, ae, designer):
    a_plan(project, WEEK_START)
    a_contact(project, at(TODAY, 9), ae, summary="今天上午的电话")
    log = service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=TODAY)
    assert log.period_start == date(2026, 10, 19) and log.due_on == date(2026, 10, 26)
    assert "今天上午的电话" in log.communications


def test_a_monthly_log_compares_the_month_with_the_plan_and_the_baseline(project, ae, designer):
    plan = a_plan(project, date(2026, 10, 1))
    a_task(project, "A", date(2026, 10, 8), date(2026, 10, 9), ae, done_on=date(2026, 10, 9))
    a_task(project, "B", date(2026, 10, 12), date(2026, 10, 20), designer)
    milestone = {"is_milestone": True, "name_en": "Positioning report signed off"}
    a_task(
        project,
        "M",
        date(2026, 10, 16),
        date(2026, 10, 16),
        ae,
        done_on=date(2026, 10, 16),
        **milestone,
    )
    a_baseline(
        plan,
        {
            "A": (date(2026, 10, 8), date(2026, 10, 9)),
            "B": (date(2026, 10, 12), date(2026, 10, 15)),
            "M": (date(2026, 10, 16), date(2026, 10, 16)),
        },
    )
    a_baseline(plan, {}, version=2)
    with fixed_clock(date(2026, 11, 3)):
        log = service_log_draft(
            actor=ae, project=project, kind=MONTHLY, period_start=date(2026, 10, 1)
        )
    assert log.due_on == date(2026, 11, 4)
    figures = log.figures
    assert (figures["planned"], figures["done"], figures["on_time"], figures["open"]) == (
        3,
        2,
        2,
        1,
    )
    assert (figures["slip_max"], figures["slip_total"], figures["plan_version"]) == (3, 3, 2)
    assert "3 plan lines were due this month: 2 done (2 on time), 1 not done." in log.progress
    assert "Task B: baseline 15 Oct, now 20 Oct (3 working days later)" in log.progress
    assert "Positioning report signed off (Ae1, done 16 Oct) [milestone]" in log.deliverables
    assert "Plan task Task B (Designer1) was due 20 Oct" in log.problems


def test_a_period_is_drafted_once(project, ae, log):
    with pytest.raises(DomainError, match="drafted already"):
        service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=date(2026, 10, 18))
    assert ServiceLog.objects.count() == 1


def test_a_weekly_and_a_monthly_log_of_the_same_days_are_two_logs(project, ae, log):
    service_log_draft(actor=ae, project=project, kind=MONTHLY, period_start=WEEK_START)
    assert ServiceLog.objects.filter(project=project).count() == 2


@pytest.mark.parametrize(
    ("kind", "day", "field"),
    [
        ("daily", WEEK_START, "kind"),
        (WEEKLY, date(2026, 10, 26), "period_start"),  # next week has not begun
        (MONTHLY, date(2026, 11, 1), "period_start"),
        (WEEKLY, date(1999, 12, 31), "period_start"),
    ],
)
def test_a_bad_kind_or_a_period_not_begun_is_refused(project, ae, kind, day, field):
    with pytest.raises(DomainError) as refused:
        service_log_draft(actor=ae, project=project, kind=kind, period_start=day)
    assert refused.value.field == field
    assert not ServiceLog.objects.exists()


def test_a_closed_project_gets_no_new_logs(project, ae):
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.CLOSED)
    with pytest.raises(DomainError, match="closed"):
        service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=WEEK_START)


@pytest.mark.parametrize("persona", ["ae", "mkt_manager", "gm"])
def test_the_lead_the_department_manager_and_the_gm_draft(request, project, persona):
    actor = request.getfixturevalue(persona)
    log = service_log_draft(actor=actor, project=project, kind=WEEKLY, period_start=WEEK_START)
    assert log.drafted_by == actor


@pytest.mark.parametrize("persona", ["designer", "ka_manager", "other_ae", "outsider"])
def test_a_team_member_and_people_off_the_project_may_not_draft(request, project, persona):
    with pytest.raises(PermissionDenied):
        service_log_draft(
            actor=request.getfixturevalue(persona),
            project=project,
            kind=WEEKLY,
            period_start=WEEK_START,
        )
    assert not ServiceLog.objects.exists()


def test_an_inactive_lead_may_not_draft(project, ae):
    User.objects.filter(pk=ae.pk).update(is_active=False)
    ae.refresh_from_db()
    with pytest.raises(PermissionDenied):
        service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=WEEK_START)


# ---------------------------------------------------------------- editing and re-drafting


def test_the_lead_edits_the_sections_of_a_draft(ae, log):
    service_log_update(actor=ae, log=log, work_done="  本周完成问卷设计。 ", next_plan="下周调研")
    log.refresh_from_db()
    assert (log.work_done, log.next_plan) == ("本周完成问卷设计。", "下周调研")
    assert log.communications.startswith("No contact")  # untouched


def test_a_section_too_long_is_refused_and_nothing_changes(ae, log):
    before = log.work_done
    with pytest.raises(DomainError) as refused:
        service_log_update(
            actor=ae, log=log, work_done="x" * (SECTION_MAX_LENGTH + 1), next_plan="新计划"
        )
    assert refused.value.field == "work_done"
    log.refresh_from_db()
    assert log.work_done == before and log.next_plan != "新计划"


def test_a_team_member_may_not_edit(designer, log):
    with pytest.raises(PermissionDenied):
        service_log_update(actor=designer, log=log, work_done="改")


def test_redrafting_keeps_the_log_and_picks_up_the_latest_records(project, ae, mkt_manager, log):
    service_log_update(actor=ae, log=log, communications="手写的内容")
    a_contact(project, at(date(2026, 10, 15)), ae, summary="补记的电话")
    again = service_log_redraft(actor=mkt_manager, log=log)
    assert again.pk == log.pk and ServiceLog.objects.count() == 1
    again.refresh_from_db()
    assert "补记的电话" in again.communications and "手写的内容" not in again.communications
    assert again.drafted_by == mkt_manager and again.due_on == log.due_on


def test_a_sent_log_cannot_be_edited_or_redrafted(ae, log):
    service_log_mark_sent(actor=ae, log=log, sent_at=at(TODAY, 9))
    with pytest.raises(DomainError, match="sent"):
        service_log_update(actor=ae, log=log, work_done="改")
    with pytest.raises(DomainError, match="sent"):
        service_log_redraft(actor=ae, log=log)


# ---------------------------------------------------------------- sending and acknowledgement


@pytest.mark.parametrize("source", LogStatus.values)
@pytest.mark.parametrize("target", LogStatus.values)
def test_the_transition_table_allows_only_sending_then_acknowledging(source, target):
    allowed = {(LogStatus.DRAFT, LogStatus.SENT), (LogStatus.SENT, LogStatus.ACKNOWLEDGED)}
    assert LOG_WORKFLOW.allows(source, target) == ((source, target) in allowed)


def test_marking_sent_records_when_how_and_who_and_the_history(ae, log):
    sent = service_log_mark_sent(
        actor=ae, log=log, sent_at=at(date(2026, 10, 19), 16), via="fax", note="传真至0731-8888"
    )
    sent.refresh_from_db()
    assert (sent.status, sent.sent_by, sent.sent_via) == (LogStatus.SENT, ae, "fax")
    change = ServiceLogStatusChange.objects.get(log=log)
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        "draft",
        "sent",
        ae,
        "传真至0731-8888",
    )
    assert not log_standing(sent, TODAY).is_late  # sent on its due day


def test_a_log_sent_after_its_due_day_is_flagged_late_in_working_days(ae, log):
    with fixed_clock(date(2026, 10, 22)):
        service_log_mark_sent(actor=ae, log=log, sent_at=at(date(2026, 10, 21), 9))
    log.refresh_from_db()
    result = log_standing(log, date(2026, 10, 22))
    assert result.is_late and result.late_days == 2


def test_by_default_the_log_is_sent_now_by_email(ae, log):
    sent = service_log_mark_sent(actor=ae, log=log)
    assert sent.sent_at == at(TODAY, 17) and sent.sent_via == "email"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"sent_at": at(TODAY + timedelta(days=1))}, "sent_at"),
        ({"sent_at": at(date(2026, 10, 9))}, "sent_at"),  # before the week began
        ({"via": "phone"}, "via"),
        ({"via": "pigeon"}, "via"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_sending_details_are_refused_and_nothing_changes(ae, log, fields, field):
    with pytest.raises(DomainError) as refused:
        service_log_mark_sent(actor=ae, log=log, **fields)
    assert refused.value.field == field
    log.refresh_from_db()
    assert log.status == LogStatus.DRAFT and log.sent_at is None
    assert not ServiceLogStatusChange.objects.exists()


def test_an_empty_log_cannot_be_sent(ae, log):
    service_log_update(
        actor=ae,
        log=log,
        work_done="",
        communications="",
        client_requests="",
        awaiting_confirmation="",
        next_plan="",
    )
    with pytest.raises(DomainError, match="empty"):
        service_log_mark_sent(actor=ae, log=log)


def test_a_team_member_may_not_record_the_sending(designer, log):
    with pytest.raises(PermissionDenied):
        service_log_mark_sent(actor=designer, log=log)


def test_a_log_is_sent_once(ae, log):
    service_log_mark_sent(actor=ae, log=log)
    with pytest.raises(DomainError):
        service_log_mark_sent(actor=ae, log=log)
    assert ServiceLogStatusChange.objects.count() == 1


def test_the_client_acknowledges_a_sent_log(ae, mkt_manager, log):
    service_log_mark_sent(actor=ae, log=log, sent_at=at(date(2026, 10, 19), 9))
    done = service_log_acknowledge(
        actor=mkt_manager, log=log, acknowledged_by=" 王经理 ", acknowledged_at=at(TODAY, 10)
    )
    done.refresh_from_db()
    assert (done.status, done.acknowledged_by, done.acknowledged_at) == (
        LogStatus.ACKNOWLEDGED,
        "王经理",
        at(TODAY, 10),
    )
    assert [c.to_status for c in ServiceLogStatusChange.objects.order_by("id")] == [
        "sent",
        "acknowledged",
    ]


def test_a_draft_cannot_be_acknowledged(ae, log):
    with pytest.raises(DomainError):
        service_log_acknowledge(actor=ae, log=log, acknowledged_by="王经理")


BEFORE_SENT = at(date(2026, 10, 19), 8)
IN_TWO_DAYS = at(TODAY + timedelta(days=2))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"acknowledged_by": "  "}, "acknowledged_by"),
        ({"acknowledged_by": "王" * 51}, "acknowledged_by"),
        ({"acknowledged_by": "王经理", "acknowledged_at": BEFORE_SENT}, "acknowledged_at"),
        ({"acknowledged_by": "王经理", "acknowledged_at": IN_TWO_DAYS}, "acknowledged_at"),
    ],
)
def test_a_bad_acknowledgement_is_refused_and_the_log_stays_sent(ae, log, fields, field):
    service_log_mark_sent(actor=ae, log=log, sent_at=at(date(2026, 10, 19), 9))
    with pytest.raises(DomainError) as refused:
        service_log_acknowledge(actor=ae, log=log, **fields)
    assert refused.value.field == field
    log.refresh_from_db()
    assert log.status == LogStatus.SENT and log.acknowledged_by == ""


# ---------------------------------------------------------------- queries


def _draft_queries(project: Project, actor: User) -> int:
    with CaptureQueriesContext(connection) as captured:
        service_log_draft(actor=actor, project=project, kind=WEEKLY, period_start=WEEK_START)
    return len(captured)


def test_drafting_reads_each_kind_of_record_once_however_many_there_are(ae, designer, gm):
    small, large = project_for(ae), project_for(ae)
    for project, extra in ((small, 3), (large, 30)):
        seed_week(project, ae, designer)
        grow(project, ae, designer, extra)
    assert _draft_queries(small, ae) == DRAFT_QUERIES
    assert _draft_queries(large, ae) == DRAFT_QUERIES
    assert "加稿29" in ServiceLog.objects.get(project=large).awaiting_confirmation


# ---------------------------------------------------------------- the periodic job


def test_the_job_drafts_last_weeks_and_last_months_logs_once(project, ae, designer):
    seed_week(project, ae, designer)
    no_plan = project_for(ae)
    counts = draft_due_logs(date(2026, 11, 2))  # Monday: last week 10-26, last month October
    assert counts == {"weekly": 1, "monthly": 1, "existing": 0}
    logs = ServiceLog.objects.filter(project=project)
    assert {(x.kind, x.period_start) for x in logs} == {
        (WEEKLY, date(2026, 10, 26)),
        (MONTHLY, date(2026, 10, 1)),
    }
    assert all(x.drafted_by == ae and x.status == LogStatus.DRAFT for x in logs)
    assert not ServiceLog.objects.filter(project=no_plan).exists()
    assert draft_due_logs(date(2026, 11, 2)) == {"weekly": 0, "monthly": 0, "existing": 2}
    assert ServiceLog.objects.count() == 2


def test_the_job_leaves_a_log_the_lead_drafted_and_edited_alone(project, ae, designer):
    seed_week(project, ae, designer)
    mine = service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=WEEK_START)
    service_log_update(actor=ae, log=mine, work_done="我写的")
    counts = draft_due_logs(TODAY)
    assert counts["existing"] == 1 and counts["monthly"] == 1  # September: the plan started
    mine.refresh_from_db()
    assert mine.work_done == "我写的"


def test_the_job_skips_closed_projects_and_periods_before_the_plan(project, ae, designer):
    a_plan(project, date(2026, 10, 21))  # starts after last week and last month
    closed = project_for(ae)
    a_plan(closed, date(2026, 9, 1))
    Project.objects.filter(pk=closed.pk).update(status=ProjectStatus.CLOSED)
    assert draft_due_logs(TODAY) == {"weekly": 0, "monthly": 0, "existing": 0}


def test_the_job_drafts_without_a_lead_as_the_system(project, ae):
    a_plan(project, date(2026, 9, 1))
    Project.objects.filter(pk=project.pk).update(lead=None)
    draft_due_logs(TODAY)
    assert ServiceLog.objects.filter(project=project, drafted_by__isnull=True).count() == 2
