"""The demo's project under way at work (SPEC §5, §8): work orders, meetings, visits, notes.

The latest running project (its plan started a few weeks before the demo's today) gets
what a busy week looks like, through the real services:

- work orders to Creative: one through two revision rounds and waiting for the client's
  feedback, one accepted and in progress, one waiting for the Creative manager to name
  someone, and one approved by the client and closed;
- a creative meeting called for the next working day and another just asked for;
- the planned supervision visits already due: the first logged with findings, advice and
  follow-ups, the later ones left unlogged (overdue on the visits page);
- the project lead's note on this week's plan.

Work orders start on the next working day and meetings are called for the future,
because the services refuse dates in the past; the demo is loaded "today".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from servicebook.accounts.models import Department, User
from servicebook.core.workdays import add_working_days
from servicebook.delivery.models import CheckArea, WorkOrder
from servicebook.delivery.services import meetings, visits
from servicebook.delivery.services import work_orders as orders
from servicebook.projects.choices import PlanTaskKind, ProjectRole
from servicebook.projects.models import PlanTask, Project, TeamMember
from servicebook.projects.schedule import week_of
from servicebook.projects.services import weekly_note_save


def load_demo_work(*, project: Project, people: dict[str, User], today: date) -> None:
    """Put a week's delivery work on ``project`` (its lead and team are set)."""
    lead = project.lead
    assert lead is not None
    _work_orders(project, lead, people)
    _meetings(project, lead, people, today)
    _visits(project, lead, people, today)
    weekly_note_save(
        actor=lead,
        project=project,
        week_start=week_of(today).first,
        text="本周重点：开盘主画面第二轮修改稿提交客户确认；楼书文案初稿完成；"
        "周四前确认售楼处导示系统的承办设计师。客户提出的价格表调整意见已记录，"
        "下周一前以咨询函书面回复。",
    )


def _work_orders(project: Project, lead: User, people: dict[str, User]) -> None:
    creative = Department.objects.get(code="creative")
    designer, copywriter = people["designer1"], people["copywriter1"]
    poster = orders.work_order_issue(
        actor=lead,
        project=project,
        title="开盘主画面及户外广告设计",
        brief="根据已确认的营销策划方案，设计开盘主画面一套（含户外大牌、围挡、报广三种尺寸），"
        "突出“九华新城·湖景洋房”的核心卖点，色调与VI手册一致。",
        department=creative,
        assignee=designer,
        days=5,
    )
    orders.work_order_accept(actor=designer, work_order=poster)
    orders.work_order_start(actor=designer, work_order=poster)
    orders.work_order_submit(actor=designer, work_order=poster, note="初稿三个方向，见附页说明。")
    orders.work_order_record_feedback(
        actor=lead,
        work_order=poster,
        outcome="revise",
        feedback="客户倾向方向二；主色调改暖，湖景画面放大，去掉人物。",
    )
    orders.work_order_resume(actor=designer, work_order=poster)
    orders.work_order_submit(actor=designer, work_order=poster, note="按客户意见修改的第二稿。")

    copy = orders.work_order_issue(
        actor=lead,
        project=project,
        title="楼书文案撰写",
        brief="楼书共24页，文案需覆盖区位、规划、户型、园林、物业五个篇章，语言风格沉稳大气。",
        department=creative,
        assignee=copywriter,
        days=4,
    )
    orders.work_order_accept(actor=copywriter, work_order=copy)
    orders.work_order_start(actor=copywriter, work_order=copy)

    orders.work_order_issue(
        actor=lead,
        project=project,
        title="售楼处导示系统设计",
        brief="售楼处内外导示共约30块，含停车、洽谈区、样板间动线，需与现场施工方对接尺寸。",
        department=creative,
        days=6,
    )

    invitation = orders.work_order_issue(
        actor=lead,
        project=project,
        title="认筹活动邀请函设计",
        brief="邀请函一款，A5对折，附电子版（微信转发用）。",
        department=creative,
        assignee=people["designer2"],
        days=2,
    )
    _approved_and_closed(invitation, lead, people["designer2"])


def _approved_and_closed(work_order: WorkOrder, lead: User, designer: User) -> None:
    orders.work_order_accept(actor=designer, work_order=work_order)
    orders.work_order_start(actor=designer, work_order=work_order)
    orders.work_order_submit(actor=designer, work_order=work_order, note="定稿及电子版。")
    orders.work_order_record_feedback(
        actor=lead, work_order=work_order, outcome="approved", feedback="客户确认，可以印刷。"
    )
    orders.work_order_close(actor=lead, work_order=work_order, note="已交付印刷。")


def _meetings(project: Project, lead: User, people: dict[str, User], today: date) -> None:
    manager = project.department.manager or people["gm"]
    launch = meetings.creative_meeting_request(
        actor=lead,
        project=project,
        topic="开盘推广创意会",
        purpose="开盘推广方案提案前，统一推广主题和主画面方向。",
    )
    # Called for the next working day; never in the past, whatever the demo's today is.
    day = add_working_days(max(today, timezone.localdate()) + timedelta(days=1), 0)
    meetings.creative_meeting_schedule(
        actor=manager,
        meeting=launch,
        scheduled_for=timezone.make_aware(datetime.combine(day, time(14, 30))),
        location="公司三楼会议室",
        attendees=[lead, people["cd1"], people["designer1"], people["copywriter1"]],
    )
    meetings.creative_meeting_request(
        actor=lead,
        project=project,
        topic="二期品牌升级创意方向",
        purpose="客户计划明年推出二期，希望提前讨论品牌升级的创意方向。",
    )


def _visits(project: Project, lead: User, people: dict[str, User], today: date) -> None:
    planned = list(
        PlanTask.objects.filter(
            plan__project=project, kind=PlanTaskKind.SUPERVISION_VISIT, start_on__lte=today
        ).order_by("start_on")
    )
    if not planned:
        return
    supervisor = (
        TeamMember.objects.filter(project=project, role=ProjectRole.SUPERVISOR, is_backup=False)
        .select_related("user")
        .first()
    )
    actor = supervisor.user if supervisor else lead
    first = planned[0]
    visits.visit_log(
        actor=actor,
        project=project,
        visited_on=first.start_on,
        site="九华新城售楼处",
        checked=[CheckArea.TRAINING, CheckArea.PROMOTION, CheckArea.PACKAGING, CheckArea.SALES],
        findings="置业顾问对湖景洋房户型卖点讲解不统一；样板间动线指引不清；"
        "现场物料有两处旧价格未更换。",
        advice="本周内组织一次户型卖点统一培训；补充样板间导示；当天更换旧价格物料。",
        follow_ups=[
            ("组织置业顾问户型卖点培训", lead, add_working_days(first.start_on, 3)),
            ("更换现场旧价格物料", actor, add_working_days(first.start_on, 1)),
        ],
        task=first,
    )
