"""Walk each demo client along the journey to its stage, through the real services.

Every move, follow-up, quote, approval, negotiation round and contract is made the way a
person would make it on the pages, so the demo shows real history and obeys every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.clients.choices import ClientStatus as C
from servicebook.clients.models import Client
from servicebook.contracts.services import MilestoneInput, contract_create, contract_sign
from servicebook.sales.choices import FollowUpKind, NegotiationOutcome
from servicebook.sales.models import AbandonReason, Quote
from servicebook.sales.services import (
    QuoteLineInput,
    check_in_log,
    client_abandon,
    client_assign,
    client_report,
    client_start_follow_up,
    client_start_negotiation,
    client_submit_proposal,
    follow_up_log,
    negotiation_round_log,
    quote_approve,
    quote_create,
    quote_mark_accepted,
    quote_mark_declined,
    quote_mark_sent,
    quote_new_version,
    quote_reject,
    quote_submit,
)

# The order of the open stages a client passes on its way to a contract.
ROUTE = (C.REGISTERED, C.ASSIGNED, C.FOLLOWING_UP, C.PROPOSAL, C.REPORTED, C.NEGOTIATING)
# What the agency charges for each service line in the demo quotes (yuan).
PRICES = {
    "market_research": Decimal("180000"),
    "development_planning": Decimal("150000"),
    "marketing_planning": Decimal("280000"),
    "property_management": Decimal("90000"),
    "clubhouse_design": Decimal("80000"),
    "community_culture": Decimal("60000"),
    "leasing": Decimal("200000"),
    "sales_supervision": Decimal("240000"),
    "integrated_promotion": Decimal("120000"),
    "media_agency": Decimal("60000"),
    "marketing_assistance": Decimal("100000"),
}
# How the quotes of negotiating clients stand, in turn: every quote status appears.
QUOTE_STORIES = ("sent", "submitted", "rejected", "declined_then_new_version")


@dataclass
class Walk:
    """One demo client on its way: who acts, and when things happened."""

    client: Client
    owner: User
    manager: User
    registered_on: date
    today: date

    def at(self, days_after: int, hour: int = 10) -> datetime:
        """An aware moment ``days_after`` registration, never later than an hour ago."""
        moment = timezone.make_aware(
            datetime.combine(self.registered_on + timedelta(days=days_after), time(hour))
        )
        return min(moment, timezone.now() - timedelta(hours=1))

    def day(self, days_after: int) -> date:
        """A date after registration, never after today."""
        return min(self.registered_on + timedelta(days=days_after), self.today)


def walk_to(walk: Walk, target: str, index: int) -> None:
    """Move ``walk.client`` from its opening stage to ``target`` (nothing if already there).

    ``index`` counts the clients walked to the same stage, so their stories differ.
    """
    if target == C.ABANDONED:
        _walk_route(walk, C.FOLLOWING_UP, index)
        reason = AbandonReason.objects.filter(is_active=True).order_by("position")[index % 3]
        client_abandon(actor=walk.owner, client=walk.client, reason=reason, note="客户意向不强。")
        return
    if target == C.CONTRACTED:
        _walk_route(walk, C.NEGOTIATING, 0)  # the first story: a quote sent
        _sign_contract(walk)
        return
    if target in ROUTE:
        _walk_route(walk, target, index)


def _walk_route(walk: Walk, target: str, index: int) -> None:
    steps = ROUTE[1 : ROUTE.index(target) + 1]
    client, owner, manager = walk.client, walk.owner, walk.manager
    for stage in steps:
        if stage == C.ASSIGNED:
            client_assign(actor=manager, client=client, owner=owner, note="请尽快联系客户。")
        elif stage == C.FOLLOWING_UP:
            client_start_follow_up(actor=owner, client=client)
            _follow_ups(walk, index)
        elif stage == C.PROPOSAL:
            client_submit_proposal(actor=owner, client=client, note="提交初步建议提案。")
            follow_up_log(
                actor=owner,
                client=client,
                kind=FollowUpKind.PROPOSAL,
                summary="向客户提交建议提案，策划研展员一同拜访。",
                happened_at=walk.at(12),
            )
        elif stage == C.REPORTED:
            client_report(actor=owner, client=client, note="客户意向明确，已向经理汇报。")
            if target == C.REPORTED:
                _early_quote(walk, index)
        elif stage == C.NEGOTIATING:
            client_start_negotiation(actor=manager, client=client, note="确定谈判方案与报价。")
            _negotiate(walk, index)


def _follow_ups(walk: Walk, index: int) -> None:
    client, owner = walk.client, walk.owner
    follow_up_log(
        actor=owner,
        client=client,
        kind=FollowUpKind.CALL,
        summary="电话联系营销负责人，介绍公司服务，约定拜访时间。",
        happened_at=walk.at(2),
    )
    follow_up_log(
        actor=owner,
        client=client,
        kind=FollowUpKind.VISIT if index % 2 else FollowUpKind.FAX,
        summary="上门拜访并递交公司宣传资料，索取项目资料。",
        happened_at=walk.at(5, 15),
        next_follow_up_on=timezone.localdate() + timedelta(days=2 + index % 4),
    )
    if index % 3 == 0:
        check_in_log(actor=walk.manager, client=client, note="经理过问：跟进进度正常。")


def _quote(walk: Walk, title: str, phase: str = "") -> Quote:
    services = list(walk.client.services.all())
    lines = [
        QuoteLineInput(
            service_line=line,
            description=line.name_zh,
            quantity=Decimal(1),
            unit="项",
            unit_price=PRICES.get(line.code, Decimal("100000")),
        )
        for line in services[:3]
    ]
    if any(line.code == "integrated_promotion" for line in services):
        lines.append(QuoteLineInput.execution_fee(Decimal("800000"), description="开盘活动执行"))
    if not lines:
        lines = [
            QuoteLineInput(
                description="营销策划顾问服务", unit="项", unit_price=PRICES["marketing_planning"]
            )
        ]
    return quote_create(
        actor=walk.owner,
        client=walk.client,
        title=title,
        lines=lines,
        phase=phase,
        valid_until=walk.today + timedelta(days=30),
    )


def _early_quote(walk: Walk, index: int) -> None:
    """Reported clients: one quote approved but not yet sent, one sent and declined."""
    quote = _quote(walk, "市场调查报价", phase="第一阶段：市场调查")
    if index % 2 == 0:
        quote_submit(actor=walk.owner, quote=quote)
        quote_approve(actor=walk.manager, quote=quote, comment="同意。")
    else:
        _approved_and_sent(walk, quote)
        quote_mark_declined(actor=walk.owner, quote=quote, note="客户希望先做定位研究。")


def _approved_and_sent(walk: Walk, quote: Quote) -> Quote:
    quote_submit(actor=walk.owner, quote=quote)
    quote_approve(actor=walk.manager, quote=quote, comment="同意报价。")
    return quote_mark_sent(actor=walk.owner, quote=quote, note="已发客户营销总监。")


def _negotiate(walk: Walk, index: int) -> None:
    story = QUOTE_STORIES[index % len(QUOTE_STORIES)]
    quote = _quote(walk, "营销策划服务报价", phase="第一阶段")
    if story == "sent":
        _approved_and_sent(walk, quote)
    elif story == "submitted":
        quote_submit(actor=walk.owner, quote=quote)
    elif story == "rejected":
        quote_submit(actor=walk.owner, quote=quote)
        quote_reject(actor=walk.manager, quote=quote, comment="价格偏低，请按标准重新核算。")
    else:
        _approved_and_sent(walk, quote)
        quote_mark_declined(actor=walk.owner, quote=quote, note="客户认为总价偏高。")
        quote_new_version(actor=walk.owner, quote=quote)
    negotiation_round_log(
        actor=walk.owner,
        client=walk.client,
        held_on=walk.day(20),
        outcome=NegotiationOutcome.PROGRESS if index % 2 else NegotiationOutcome.STALLED,
        summary="就服务范围与付款方式进行第一轮谈判。",
        next_step="根据客户意见调整报价，下周再谈。",
        quote=quote if quote.is_client_visible else None,
    )


def _sign_contract(walk: Walk) -> None:
    quote = walk.client.quotes.exclude(status__in=["superseded", "declined"]).first()
    if quote is None or quote.status != "sent":
        quote = _approved_and_sent(walk, _quote(walk, "全程营销策划服务报价"))
    quote_mark_accepted(actor=walk.owner, quote=quote, note="客户确认报价。")
    signed_on = walk.day(35)
    first = (quote.total * Decimal("0.3")).quantize(Decimal("0.01"))
    second = (quote.total * Decimal("0.4")).quantize(Decimal("0.01"))
    contract = contract_create(
        actor=walk.owner,
        client=walk.client,
        quotes=[quote],
        title="营销策划服务合同",
        start_on=signed_on,
        end_on=signed_on + timedelta(days=180),
        services=list(walk.client.services.all()),
        milestones=[
            MilestoneInput("合同签订后首付款", first, signed_on + timedelta(days=7)),
            MilestoneInput("策划方案提交后", second, signed_on + timedelta(days=60)),
            MilestoneInput("项目完成后尾款", quote.total - first - second),
        ],
    )
    contract_sign(actor=walk.owner, contract=contract, signed_on=signed_on)
