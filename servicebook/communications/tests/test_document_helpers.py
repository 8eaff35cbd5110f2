"""TEST SETUP for the printable forms' tests: a project with its plan, service logs, fax
sheets and a letterhead with a logo. (No tests here; the other test_document*/test_fax*/
test_forms_pdf* modules import these.)

Service logs are written as rows: their drafting and sending are another feature's
services, and these tests only render them.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.models import Contact
from servicebook.communications.models import FaxSheet, LogKind, ServiceLog
from servicebook.communications.services.fax import FaxInput, fax_sheet_create
from servicebook.core.models import AgencySettings
from servicebook.projects.models import Plan, Project
from servicebook.projects.services import plan_approve, plan_generate, plan_sign
from servicebook.projects.tests.helpers import project_for

START = date(2026, 9, 28)
CHINESE_NAME = "长沙星城房地产营销策划有限公司"


def letterhead(*, logo: bool = False) -> AgencySettings:
    """The agency's letterhead filled in (with a small red square logo if asked)."""
    agency = AgencySettings.current()
    agency.name_zh = CHINESE_NAME
    agency.name_en = "Xingcheng Real Estate Marketing"
    agency.address = "长沙市岳麓区麓谷大道 88 号"
    agency.phone = "073188886666"
    agency.fax = "073188886667"
    if logo:
        buffer = io.BytesIO()
        Image.new("RGB", (120, 60), (180, 35, 42)).save(buffer, format="PNG")
        agency.logo.save("logo.png", ContentFile(buffer.getvalue()), save=False)
    agency.save()
    return agency


def project_with_plan(ae: User, manager: User | None = None, *, sign: bool = False) -> Project:
    """A project of ``ae``'s client with a generated plan; approved by ``manager`` and
    signed by the client if asked. The client has a primary contact."""
    project = project_for(
        ae, services=list(ServiceLine.objects.filter(code__in=["marketing_planning"]))
    )
    Contact.objects.filter(client=project.client, is_primary=True).update(
        name="王经理", title="营销总监", phone="073184445555", fax="073184445556"
    )
    plan = plan_generate(actor=ae, project=project, start_on=START)
    if manager is not None:
        plan = plan_approve(actor=manager, plan=plan)
        if sign:
            plan_sign(actor=ae, plan=plan, signer_name="王建国", signed_on=START)
    return project


def plan_of(project: Project) -> Plan:
    return Plan.objects.get(project=project)


def service_log(
    project: Project, kind: str = LogKind.WEEKLY, *, paragraphs: int = 2, **fields: object
) -> ServiceLog:
    """A drafted log of ``kind`` with Chinese text in every section."""
    start = date(2026, 10, 12) if kind == LogKind.WEEKLY else date(2026, 10, 1)
    end = start + timedelta(days=6) if kind == LogKind.WEEKLY else date(2026, 10, 31)
    text = "\n\n".join(
        f"第{n}项：完成竞品楼盘调研，整理客户反馈并提交营销策划大纲（初稿）。"
        for n in range(1, paragraphs + 1)
    )
    values: dict[str, object] = {
        "work_done": text,
        "communications": "10月13日 电话沟通开盘时间；10月15日 拜访客户确认推广预算。",
        "client_requests": "客户要求增加一次媒体投放方案比选。",
        "awaiting_confirmation": "VI 手册第二稿待客户确认。",
        "next_plan": "完成媒体计划并召开创意会。",
    }
    if kind == LogKind.MONTHLY:
        values.update(
            progress="本月计划 6 项，完成 5 项（按时 4 项），1 项延期。",
            deliverables="营销策划大纲、竞品分析报告",
            client_feedback="客户对策划大纲总体满意。",
            problems="开盘时间未定，影响推广排期。",
            figures={
                "planned": 6,
                "done": 5,
                "on_time": 4,
                "open": 1,
                "overdue": 1,
                "milestones_done": 1,
                "has_baseline": True,
                "slip_max": 2,
                "slip_total": 3,
            },
        )
    values.update(fields)
    return ServiceLog.objects.create(
        project=project,
        kind=kind,
        period_start=start,
        period_end=end,
        due_on=end + timedelta(days=1),
        **values,
    )


def fax(actor: User, project: Project | None = None, **fields: object) -> FaxSheet:
    """A fax sheet written through the service (urgent, please reply)."""
    data = FaxInput(
        to_company=str(fields.pop("to_company", "湖南麓山置业有限公司")),
        subject=str(fields.pop("subject", "关于开盘活动方案的确认")),
        body=str(
            fields.pop(
                "body", "王经理：\n\n随函附上开盘活动方案，请审阅并于本周五前回复。\n\n此致\n敬礼"
            )
        ),
        attention=str(fields.pop("attention", "王经理")),
        to_fax=str(fields.pop("to_fax", "0731-8444 5556")),
        pages=int(fields.pop("pages", 3)),  # type: ignore[call-overload]
        urgency=list(fields.pop("urgency", ["urgent", "please_reply"])),  # type: ignore[call-overload]
        sent_on=timezone.localdate(),
    )
    return fax_sheet_create(actor=actor, data=data, project=project)
