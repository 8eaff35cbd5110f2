"""The demo's project under way talks to its client (SPEC §7, §13), through the services.

- a week of daily contacts: a call, a site visit and a WeChat exchange; the client's
  requests raised in them, one answered within hours, one still open;
- consultation letters: one answered, one sent and now past its answer date, one draft;
- weekly service logs: the week before last sent and acknowledged, last week's drafted
  from the records and sent by email (queued in the outbox: the worker delivers it; with
  no ``EMAIL_HOST`` it is written to ``var/mail/``);
- a fax sheet to the client about the opening price list.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone, translation

from servicebook.accounts.models import User
from servicebook.clients.models import Contact
from servicebook.communications.models import ConsultationLetter, DocumentKind, LogKind
from servicebook.communications.services.contacts import client_request_reply, contact_log_record
from servicebook.communications.services.fax import FaxInput, fax_sheet_create
from servicebook.communications.services.letters import (
    letter_draft,
    letter_mark_sent,
    letter_record_answer,
)
from servicebook.communications.services.logs import (
    service_log_acknowledge,
    service_log_draft,
    service_log_mark_sent,
)
from servicebook.communications.services.outbox_send import document_send
from servicebook.core.workdays import add_working_days
from servicebook.projects.models import Project
from servicebook.projects.schedule import week_of


def load_demo_communications(*, project: Project, today: date) -> None:
    """Put two weeks of client communication on ``project`` (its lead is set).

    The logs are drafted in Chinese, the agency's working language, whatever language
    the command runs in.
    """
    with translation.override("zh-hans"):
        _load(project, today)


def _load(project: Project, today: date) -> None:
    lead = project.lead
    assert lead is not None
    now = min(timezone.now(), _at(today, 18))
    contact = project.client.contacts.order_by("-is_primary", "id").first()
    name = contact.name if contact else project.client.display_name
    _contacts(project, lead, contact, today, now)
    _letters(project, lead, contact, name, today)
    _logs(project, lead, contact, name, today, now)
    fax_sheet_create(
        actor=lead,
        project=project,
        data=FaxInput(
            to_company=project.client.legal_name,
            attention=name,
            to_fax=contact.fax if contact else "",
            subject="开盘价格表（第二稿）请确认",
            body="附上按贵司意见调整后的开盘价格表第二稿，共两页，请审阅并于本周五前回复意见。",
            pages=3,
            urgency=["urgent", "please_reply"],
        ),
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _working_days_ago(today: date, n: int) -> date:
    return add_working_days(today, -n)


def _contacts(
    project: Project, lead: User, contact: Contact | None, today: date, now: datetime
) -> None:
    name = contact.name if contact else project.client.display_name
    call = contact_log_record(
        actor=lead,
        project=project,
        occurred_at=_at(_working_days_ago(today, 4), 10),
        contact=contact,
        contact_name="" if contact else name,
        summary="电话沟通开盘主画面初稿意见：客户倾向方向二，希望色调更暖。",
        follow_ups="通知设计部按方向二修改，周四前出第二稿。",
        requests=["希望周四前看到主画面第二稿", "提供近三个月竞品成交数据"],
    )
    first, _second = call.requests.order_by("id")
    client_request_reply(
        actor=lead,
        request=first,
        reply="已安排设计部修改，周四上午发第二稿。",
        replied_at=min(_at(_working_days_ago(today, 4), 14), now),
    )
    contact_log_record(
        actor=lead,
        project=project,
        occurred_at=_at(_working_days_ago(today, 2), 15),
        channel="visit",
        contact=contact,
        contact_name="" if contact else name,
        summary="到售楼处与客户营销部碰头，确认样板间开放时间和认筹活动安排。",
        follow_ups="下周一前提交认筹活动执行方案。",
    )
    contact_log_record(
        actor=lead,
        project=project,
        occurred_at=min(_at(_working_days_ago(today, 1), 20), now),
        channel="wechat",
        contact=contact,
        contact_name="" if contact else name,
        summary="客户微信询问楼书印刷数量及交付时间。",
        requests=["楼书印刷数量建议"],
    )


def _letters(project: Project, lead: User, contact: Contact | None, name: str, today: date) -> None:
    def draft(subject: str, body: str) -> ConsultationLetter:
        return letter_draft(
            actor=lead,
            project=project,
            addressee=contact,
            addressee_name="" if contact else name,
            subject=subject,
            body=body,
            answer_days=3,
        )

    answered = draft(
        "关于开盘时间的咨询", "为安排推广节奏，请贵司书面确认计划开盘日期及首批推出房源范围。"
    )
    letter_mark_sent(actor=lead, letter=answered, sent_at=_at(_working_days_ago(today, 9), 9))
    letter_record_answer(
        actor=lead,
        letter=answered,
        answer="计划于12月下旬开盘，首批推出1、2号楼。",
        answered_at=_at(_working_days_ago(today, 7), 16),
    )
    waiting = draft("关于开盘价格表的确认", "请贵司确认附件开盘价格表第二稿，以便安排印刷和培训。")
    letter_mark_sent(actor=lead, letter=waiting, sent_at=_at(_working_days_ago(today, 6), 11))
    draft("关于售楼处导示系统尺寸的咨询", "请提供售楼处施工图中导示牌位置及尺寸，以便设计。")


def _logs(
    project: Project, lead: User, contact: Contact | None, name: str, today: date, now: datetime
) -> None:
    this_week = week_of(today).first
    before_last, last = this_week - timedelta(days=14), this_week - timedelta(days=7)
    if before_last >= project.plans.get().start_on - timedelta(days=6):
        old = service_log_draft(
            actor=lead, project=project, kind=LogKind.WEEKLY, period_start=before_last
        )
        service_log_mark_sent(actor=lead, log=old, sent_at=min(_at(old.due_on, 17), now))
        service_log_acknowledge(
            actor=lead,
            log=old,
            acknowledged_by=name,
            acknowledged_at=min(_at(old.due_on + timedelta(days=1), 10), now),
        )
    log = service_log_draft(actor=lead, project=project, kind=LogKind.WEEKLY, period_start=last)
    if contact and contact.email:
        document_send(
            actor=lead,
            project=project,
            kind=DocumentKind.WEEKLY_LOG,
            record=log,
            language="zh-hans",
            recipients=[contact.email],
            subject=f"{project.name} 客户服务周志"
            f"（{log.period_start:%m.%d}—{log.period_end:%m.%d}）",
            body=f"{name}：\n\n您好！附上本项目上周的客户服务周志，请查收。"
            f"如有意见请随时告知。\n\n{lead.display_name}",
        )
    else:
        service_log_mark_sent(actor=lead, log=log, sent_at=min(_at(log.due_on, 11), now), via="fax")
