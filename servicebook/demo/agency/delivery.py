"""The demo projects at work (SPEC §5): teams, plans, plan changes and progress.

Every contracted demo client has a project (``contract_sign`` made it, led by the
client's owner, with no team and no plan). This module carries each one on the way its
people would on the pages, through the real services:

- the department manager forms the team: for each required role the standard primaries
  and a backup from the staff holding that job role; where the agency has nobody else
  for a role, someone of a related role covers (人员交叉). The newest project is still
  being staffed: those covers are missing, so its staffing warning shows;
- a project with planning work is led by its account planner;
- the lead drafts the plan from the working day after the contract was signed, the
  manager approves it and the client signs it a few days later: locked, baseline v1.
  The newest project's plan is still a draft, scheduled from the next working day;
- two change requests: one approved by the manager and the GM (version 2, slippage), one
  approved by the manager and waiting for the GM;
- the work due before today is marked done, except the latest two or three tasks,
  which stay overdue.

Only projects of demo clients with no team and no plan yet are touched, so a second load
adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.core.workdays import WorkingCalendar, add_working_days
from servicebook.demo.agency.communications import load_demo_communications
from servicebook.demo.agency.delivery_work import load_demo_work
from servicebook.demo.agency.people import STAFF
from servicebook.projects.choices import PlanTaskKind, ProjectRole, primary_count
from servicebook.projects.models import (
    ChangeDecision,
    ChangeRequest,
    Plan,
    PlanTask,
    Project,
    TeamMember,
)
from servicebook.projects.services import (
    change_request_create,
    change_request_decide,
    plan_approve,
    plan_generate,
    plan_sign,
    plan_task_mark_done,
    project_set_lead,
    team_member_add,
)
from servicebook.projects.team import required_roles

# Who covers a role as its backup when nobody else holds the job role (人员交叉).
COVER: dict[str, str] = {
    ProjectRole.PLANNER: "ap1",
    ProjectRole.RESEARCHER: "commercial_research1",
    ProjectRole.CD: "brand_director1",
    ProjectRole.COPYWRITER: "cd1",
    ProjectRole.BRAND_DIRECTOR: "cd1",
    ProjectRole.SALES_ASSISTANT: "supervisor1",
    ProjectRole.SUPERVISOR: "sales_assistant1",
    ProjectRole.COMMERCIAL_RESEARCH: "researcher1",
    ProjectRole.LEASING: "commercial_research1",
}
# A project with one of these lines is led by its account planner (策划负责人).
PLANNING_LINES = frozenset({"market_research", "development_planning", "marketing_planning"})
# Working days between the contract's signature and the client's signature on the plan.
PLAN_SIGNED_AFTER = 3
# How many working days the approved change moves its step.
SLIP_DAYS = 3
# How many of the latest tasks due before today are left not done (overdue).
LEFT_OVERDUE = 3
# The latest running project kicked off this many working days before today (it waited
# for the client's materials), so one locked plan is under way on the demo's today.
UNDER_WAY_DAYS = 12


@dataclass(frozen=True)
class _Setting:
    """Who acts on one demo project: its manager, the GM; and the demo's today."""

    project: Project
    manager: User
    gm: User
    today: date

    @property
    def lead(self) -> User:
        lead = self.project.lead
        assert lead is not None  # set when the team is formed
        return lead


def load_demo_delivery(*, people: dict[str, User], client_names: Iterable[str], today: date) -> int:
    """Staff, plan and progress the demo clients' projects that have no team and no plan yet.

    Returns how many projects were set up (0 on a second load).
    """
    projects = _untouched_projects(client_names)
    if not projects:
        return 0
    settings = [
        _Setting(project, project.department.manager or people["gm"], people["gm"], today)
        for project in projects
    ]
    *running, newest = settings
    for index, setting in enumerate(settings):
        _form_team(setting, people, index, short_handed=setting is newest)
    for setting in running:
        kick_off = add_working_days(today, -UNDER_WAY_DAYS) if setting is running[-1] else None
        _lock_plan(setting, kick_off)
    plan_generate(
        actor=newest.lead, project=newest.project, start_on=_next_working_day_after(today)
    )
    plans = [Plan.objects.get(project=setting.project) for setting in running]
    overdue = {task.pk for task in _change_requests(running, plans, today)}
    for setting, plan in zip(running, plans, strict=True):
        _mark_progress(setting, plan, today, left_open=overdue)
    load_demo_work(project=running[-1].project, people=people, today=today)
    load_demo_communications(project=running[-1].project, today=today)
    return len(settings)


def _untouched_projects(client_names: Iterable[str]) -> list[Project]:
    """The demo clients' projects with no team member and no plan, oldest contract first."""
    team = TeamMember.objects.filter(project=OuterRef("pk"))
    plans = Plan.objects.filter(project=OuterRef("pk"))
    return list(
        Project.objects.filter(client__legal_name__in=list(client_names))
        .exclude(Exists(team))
        .exclude(Exists(plans))
        .select_related("contract", "client__owner", "department__manager", "lead")
        .order_by("contract__signed_on", "code")
    )


# --- the team ---------------------------------------------------------------------------


def _holders(role: str) -> list[str]:
    """The demo staff holding the job role of the same code, in the people list's order."""
    return [person.username for person in STAFF if role in person.roles]


def _form_team(
    setting: _Setting, people: dict[str, User], index: int, *, short_handed: bool
) -> None:
    """The manager puts the primaries and backups of every required role on the team.

    Holders take turns as primary from one project to the next; the client's owner is the
    AE. A short-handed team gets no cover from a related role.
    """
    project = setting.project
    codes = list(project.services.values_list("code", flat=True))
    for role in required_roles(codes):
        primaries, backup = _posts(role, project, index, short_handed=short_handed)
        for username in primaries:
            _add(setting, people[username], role, is_backup=False)
        if backup:
            _add(setting, people[backup], role, is_backup=True)
        leads = role == ProjectRole.AP and bool(PLANNING_LINES.intersection(codes))
        if primaries and (leads or project.lead_id is None):
            _set_lead(setting, people[primaries[0]])


def _set_lead(setting: _Setting, user: User) -> None:
    """The manager makes ``user`` the project lead (the in-memory project follows)."""
    project_set_lead(actor=setting.manager, project=setting.project, user=user)
    setting.project.lead = user


def _posts(role: str, project: Project, index: int, *, short_handed: bool) -> tuple[list[str], str]:
    """The usernames of a role's primaries and of its backup ("" for none)."""
    holders = _holders(role)
    if role == ProjectRole.AE:
        holders = _account_executives(project)
    elif holders:
        turn = index % len(holders)
        holders = holders[turn:] + holders[:turn]
    count = primary_count(role)
    primaries, others = holders[:count], holders[count:]
    if others:
        return primaries, others[0]
    return primaries, "" if short_handed else COVER.get(role, "")


def _account_executives(project: Project) -> list[str]:
    """The client's owner first, then the other AEs, those of the project's department first."""
    owner = project.client.owner
    owner_name = owner.username if owner else ""
    department = {person.username: person.department for person in STAFF}
    same = project.department.code
    others = [name for name in _holders(ProjectRole.AE) if name != owner_name]
    others.sort(key=lambda name: department[name] != same)
    return ([owner_name] if owner_name in department else []) + others


def _add(setting: _Setting, user: User, role: str, *, is_backup: bool) -> None:
    team_member_add(
        actor=setting.manager, project=setting.project, user=user, role=role, is_backup=is_backup
    )


# --- the plan ---------------------------------------------------------------------------


def _next_working_day_after(day: date) -> date:
    return add_working_days(day + timedelta(days=1), 0)


def _lock_plan(setting: _Setting, kick_off: date | None = None) -> Plan:
    """Draft from the day after the contract (or ``kick_off``), approve, record the signature."""
    project = setting.project
    signed_on = project.contract.signed_on
    assert signed_on is not None  # the project exists because the contract is signed
    start_on = max(kick_off, signed_on) if kick_off else _next_working_day_after(signed_on)
    plan = plan_generate(actor=setting.lead, project=project, start_on=start_on)
    plan_approve(actor=setting.manager, plan=plan, note="计划书已与项目小组逐项讨论确定，同意。")
    # A few working days after the contract, never after today (the service refuses that).
    client_signed = max(
        min(add_working_days(signed_on, PLAN_SIGNED_AFTER), setting.today), signed_on
    )
    plan_sign(
        actor=setting.lead,
        plan=plan,
        signer_name=_signer(project),
        signed_on=min(client_signed, timezone.localdate()),
        note="客户营销负责人审阅后签字确认。",
    )
    return plan


def _signer(project: Project) -> str:
    contact = project.client.contacts.order_by("-is_primary", "id").first()
    return contact.name if contact else project.client.display_name


# --- change requests --------------------------------------------------------------------


def _change_requests(
    settings: Sequence[_Setting], plans: Sequence[Plan], today: date
) -> list[PlanTask]:
    """One change approved by both keys, one waiting for the GM; the tasks left overdue.

    The approved change moves a step in the middle of the longest chain of steps. The
    waiting one asks to redo the work left overdue, else to move another plan's step.
    Only plans whose department manager is not the GM take them (two keys, two people).
    """
    by_plan = {plan.pk: setting for plan, setting in zip(plans, settings, strict=True)}
    keyed = [plan for plan in plans if by_plan[plan.pk].manager.pk != by_plan[plan.pk].gm.pk]
    overdue = _left_overdue(plans, today)
    if not keyed:
        return overdue
    chains = {plan.pk: _longest_chain(plan) for plan in keyed}
    slipped = max(keyed, key=lambda plan: (len(chains[plan.pk]), -keyed.index(plan)))
    _approved_change(by_plan[slipped.pk], slipped, chains[slipped.pk])
    overdue = _left_overdue(plans, today)  # the change may have moved them
    waiting = next((plan for plan in keyed if overdue and plan.pk == overdue[-1].plan_id), None)
    if waiting is not None:
        _pending_redo(by_plan[waiting.pk], waiting, overdue, today)
    else:
        waiting = next((plan for plan in keyed if plan.pk != slipped.pk), slipped)
        _pending_slip(by_plan[waiting.pk], waiting, _longest_chain(waiting))
    return overdue


def _dependencies(plan: Plan) -> dict[int, list[int]]:
    """Each task's dependencies, by task id (one query)."""
    through = PlanTask.depends_on.through.objects.filter(from_plantask__plan=plan)
    needs: dict[int, list[int]] = {}
    for source, target in through.values_list("from_plantask_id", "to_plantask_id"):
        needs.setdefault(source, []).append(target)
    return needs


def _longest_chain(plan: Plan) -> list[PlanTask]:
    """The plan's longest run of steps that follow each other, first to last."""
    tasks = {task.pk: task for task in PlanTask.objects.filter(plan=plan).order_by("position")}
    needs = _dependencies(plan)
    depth: dict[int, int] = {}

    def depth_of(pk: int) -> int:
        if pk not in depth:
            depth[pk] = 1 + max((depth_of(dep) for dep in needs.get(pk, ())), default=0)
        return depth[pk]

    if not tasks:
        return []
    chain = [max(tasks, key=lambda pk: (depth_of(pk), -tasks[pk].position))]
    while needs.get(chain[-1]):
        chain.append(max(needs[chain[-1]], key=depth_of))
    return [tasks[pk] for pk in reversed(chain)]


def _mid_step(chain: Sequence[PlanTask]) -> PlanTask | None:
    """The working step in the middle of a chain (not a milestone or a meeting)."""
    steps = [t for t in chain if t.kind == PlanTaskKind.TASK and not t.is_milestone]
    return steps[len(steps) // 2] if steps else None


def _dependants(plan: Plan, task: PlanTask) -> int:
    """How many tasks follow ``task``, directly or not."""
    needs = _dependencies(plan)
    found: set[int] = set()
    frontier = {task.pk}
    while frontier:
        frontier = {pk for pk, deps in needs.items() if frontier & set(deps)} - found
        found |= frontier
    return len(found)


def _approved_change(setting: _Setting, plan: Plan, chain: Sequence[PlanTask]) -> None:
    """The client was late with its data: a mid-plan step moves a few working days later."""
    step = _mid_step(chain)
    if step is None:
        return
    after = _dependants(plan, step)
    request = change_request_create(
        actor=setting.lead,
        plan=plan,
        reason=f"甲方推迟提供前期销售数据及竞品资料，“{step.name_zh}”无法按期开展，"
        f"需顺延{SLIP_DAYS}个工作日。",
        impact=f"“{step.name_zh}”及其后续{after}项工作相应顺延{SLIP_DAYS}个工作日，"
        "交付与客户沟通时间随之推后；其他工作不受影响，合同总工期不变。",
        items=[(step, add_working_days(step.start_on, SLIP_DAYS), step.days)],
    )
    change_request_decide(
        actor=setting.manager,
        change_request=request,
        decision=ChangeDecision.APPROVED,
        comment="同意顺延，请项目负责人书面通知客户。",
    )
    change_request_decide(
        actor=setting.gm,
        change_request=request,
        decision=ChangeDecision.APPROVED,
        comment="同意。今后资料延误须及时以咨询函向客户确认。",
    )


def _left_overdue(plans: Sequence[Plan], today: date) -> list[PlanTask]:
    """The latest tasks due before today, to be left not done, earliest first.

    A task's dependants are due no earlier and come later in the plan, so they are among
    the latest too: no task is done while one it depends on is not.
    """
    due = PlanTask.objects.filter(plan__in=plans, due_on__lt=today)
    return list(due.order_by("-due_on", "-position", "-id")[:LEFT_OVERDUE])[::-1]


def _pending_redo(setting: _Setting, plan: Plan, overdue: Sequence[PlanTask], today: date) -> None:
    """The client asked for the late work to be redone: it restarts after today."""
    mine = [task for task in overdue if task.plan_id == plan.pk]
    ids = {task.pk for task in mine}
    needs = _dependencies(plan)
    roots = [task for task in mine if not ids.intersection(needs.get(task.pk, ()))]
    start = _next_working_day_after(today)
    names = "、".join(f"“{task.name_zh}”" for task in roots)
    request = change_request_create(
        actor=setting.lead,
        plan=plan,
        reason=f"客户对{names}提出较大修改意见，需按新意见重新制作，申请自{start.isoformat()}起重新安排。",
        impact="相关交付及客户沟通顺延，已与客户口头确认；其他工作已完成，不受影响。",
        items=[(task, start, task.days) for task in roots],
    )
    _manager_approves(setting, request)


def _pending_slip(setting: _Setting, plan: Plan, chain: Sequence[PlanTask]) -> None:
    """With nothing overdue: the client moved a review meeting, a step waits two days."""
    step = _mid_step(chain)
    if step is None:
        return
    request = change_request_create(
        actor=setting.lead,
        plan=plan,
        reason=f"客户高层调整方案评审会时间，“{step.name_zh}”需顺延2个工作日。",
        impact=f"“{step.name_zh}”及其后续工作顺延2个工作日；其他工作不受影响。",
        items=[(step, add_working_days(step.start_on, 2), step.days)],
    )
    _manager_approves(setting, request)


def _manager_approves(setting: _Setting, request: ChangeRequest) -> None:
    """The department manager's key is turned; the request waits for the GM's."""
    change_request_decide(
        actor=setting.manager,
        change_request=request,
        decision=ChangeDecision.APPROVED,
        comment="同意，请总经理审批。",
    )


# --- progress ---------------------------------------------------------------------------


def _mark_progress(setting: _Setting, plan: Plan, today: date, *, left_open: set[int]) -> None:
    """Mark done each task due before today, on its due date or the working day before."""
    latest = min(today, timezone.localdate())
    tasks = list(
        PlanTask.objects.filter(plan=plan, due_on__lt=today)
        .exclude(pk__in=left_open)
        .select_related("owner")
        .order_by("due_on", "position")
    )
    if not tasks:
        return
    first = min(task.start_on for task in tasks)
    calendar = WorkingCalendar.for_span(first - timedelta(days=30), tasks[-1].due_on)
    for number, task in enumerate(tasks):
        done_on = task.due_on
        if number % 3 == 1:  # some work is finished a day early
            done_on = max(
                calendar.previous_working_day(task.due_on - timedelta(days=1)), task.start_on
            )
        done_on = min(done_on, latest)
        if done_on < task.start_on:
            continue
        actor = task.owner if task.owner and task.owner.is_active else setting.lead
        plan_task_mark_done(actor=actor, task=task, done_on=done_on)
