"""Drawing up a contract: from accepted quotes only, milestones that add up, drafts only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from servicebook.catalog.models import ServiceLine
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.services import (
    MilestoneInput,
    contract_cancel,
    contract_update,
)
from servicebook.contracts.tests.helpers import accepted_quote, draft_contract, negotiating_client
from servicebook.core.errors import DomainError
from servicebook.core.models import AgencySettings
from servicebook.sales.choices import QuoteStatus

pytestmark = pytest.mark.django_db


def test_a_draft_is_numbered_and_names_both_parties_and_defaults_its_value_to_the_quotes(ae):
    settings = AgencySettings.current()
    settings.name_zh = "长沙优质服务营销策划有限公司"
    settings.save()
    client = negotiating_client(ae, name="长沙星沙名都置业有限公司", short_name="星沙名都")
    quotes = [accepted_quote(client, ae, "120000.50"), accepted_quote(client, ae, "80000.25")]
    contract = draft_contract(ae, client, quotes)
    year = date.today().year
    assert contract.number == f"HT-{year}-0001"
    assert contract.status == ContractStatus.DRAFT
    assert contract.value == Decimal("200000.75")
    assert contract.party_a == "长沙星沙名都置业有限公司"
    assert contract.party_b == "长沙优质服务营销策划有限公司"
    assert set(contract.quotes.all()) == set(quotes)
    assert [m.amount for m in contract.milestones.all()] == [Decimal("200000.75")]
    assert contract.created_by == ae
    assert contract.history.count() == 1


def test_party_b_falls_back_to_servicebook_when_the_agency_has_no_name(ae):
    client = negotiating_client(ae)
    assert draft_contract(ae, client).party_b == "Servicebook"


@pytest.mark.parametrize(
    "status",
    [QuoteStatus.DRAFT, QuoteStatus.SUBMITTED, QuoteStatus.APPROVED, QuoteStatus.SENT,
     QuoteStatus.DECLINED, QuoteStatus.SUPERSEDED],
)  # fmt: skip
def test_a_contract_is_not_drawn_up_from_a_quote_that_was_not_accepted(ae, status):
    client = negotiating_client(ae)
    quote = accepted_quote(client, ae, status=status)
    with pytest.raises(DomainError) as refused:
        draft_contract(ae, client, [quote])
    assert refused.value.field == "quotes"


def test_a_contract_is_not_drawn_up_from_another_clients_quote(ae):
    client, other = negotiating_client(ae), negotiating_client(ae)
    with pytest.raises(DomainError):
        draft_contract(ae, client, [accepted_quote(other, ae)])


def test_a_contract_needs_at_least_one_quote(ae):
    client = negotiating_client(ae)
    with pytest.raises(DomainError) as refused:
        draft_contract(ae, client, [], value=Decimal("1000"))
    assert refused.value.field == "quotes"


def test_a_quote_goes_into_one_live_contract_only_and_is_free_again_when_it_is_cancelled(ae):
    client = negotiating_client(ae)
    quote = accepted_quote(client, ae)
    first = draft_contract(ae, client, [quote])
    with pytest.raises(DomainError) as refused:
        draft_contract(ae, client, [quote])
    assert first.number in str(refused.value)
    contract_cancel(actor=ae, contract=first, reason="客户要求合并合同")
    assert draft_contract(ae, client, [quote]).status == ContractStatus.DRAFT


@pytest.mark.parametrize(
    "amounts",
    [["60000.00", "30000.00"], ["60000.00", "40000.01"], ["100000.001"], []],
)
def test_the_payment_milestones_must_add_up_exactly_to_the_value(ae, amounts):
    client = negotiating_client(ae)
    milestones = [MilestoneInput(name=f"第{i}期", amount=Decimal(a)) for i, a in enumerate(amounts)]
    with pytest.raises(DomainError) as refused:
        draft_contract(ae, client, [accepted_quote(client, ae, "100000.00")], milestones=milestones)
    assert refused.value.field == "milestones"


def test_milestones_split_to_the_fen_are_accepted(ae):
    client = negotiating_client(ae)
    milestones = [
        MilestoneInput(name="签约首付 30%", amount=Decimal("30000.01"), due_on=date(2026, 3, 5)),
        MilestoneInput(name="方案确认 40%", amount=Decimal("40000.00")),
        MilestoneInput(name="结项 30%", amount=Decimal("29999.99"), condition="验收后"),
    ]
    contract = draft_contract(
        ae, client, [accepted_quote(client, ae, "100000.00")], milestones=milestones
    )
    saved = list(contract.milestones.all())
    assert [(m.position, m.name) for m in saved] == [
        (1, "签约首付 30%"), (2, "方案确认 40%"), (3, "结项 30%"),
    ]  # fmt: skip
    assert saved[2].condition == "验收后"


def test_an_agreed_value_may_differ_from_the_quotes_when_the_milestones_follow_it(ae):
    client = negotiating_client(ae)
    contract = draft_contract(
        ae,
        client,
        [accepted_quote(client, ae, "100000.00")],
        value=Decimal("95000.00"),
        milestones=[MilestoneInput(name="一次付清", amount=Decimal("95000.00"))],
    )
    assert contract.value == Decimal("95000.00")


def test_a_contract_cannot_end_before_it_starts(ae):
    client = negotiating_client(ae)
    with pytest.raises(DomainError) as refused:
        draft_contract(ae, client, start_on=date(2026, 5, 1), end_on=date(2026, 4, 30))
    assert refused.value.field == "end_on"


def test_a_contract_needs_a_service_in_scope(ae):
    client = negotiating_client(ae)
    with pytest.raises(DomainError) as refused:
        draft_contract(ae, client, services=[])
    assert refused.value.field == "services"


def test_a_draft_can_be_changed_and_its_milestones_are_replaced(ae):
    client = negotiating_client(ae)
    quote = accepted_quote(client, ae, "50000.00")
    contract = draft_contract(ae, client, [quote])
    extra = accepted_quote(client, ae, "25000.00")
    contract_update(
        actor=ae,
        contract=contract,
        quotes=[quote, extra],
        title="营销策划及推广服务合同",
        start_on=date(2026, 4, 1),
        end_on=date(2027, 3, 31),
        services=list(ServiceLine.objects.all()[:1]),
        milestones=[
            MilestoneInput(name="首付", amount=Decimal("45000.00")),
            MilestoneInput(name="尾款", amount=Decimal("30000.00")),
        ],
    )
    contract.refresh_from_db()
    assert contract.value == Decimal("75000.00")
    assert contract.title == "营销策划及推广服务合同"
    assert [m.name for m in contract.milestones.all()] == ["首付", "尾款"]
    assert contract.history.count() == 2


def test_a_cancelled_contract_cannot_be_changed_and_keeps_its_reason_in_history(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    with pytest.raises(DomainError) as refused:
        contract_cancel(actor=ae, contract=contract, reason="  ")
    assert refused.value.field == "reason"
    contract_cancel(actor=ae, contract=contract, reason="客户改为分期签约")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CANCELLED
    assert contract.history.first().history_change_reason == "客户改为分期签约"
    with pytest.raises(DomainError):
        contract_cancel(actor=ae, contract=contract, reason="再次取消")
    with pytest.raises(DomainError):
        contract_update(
            actor=ae,
            contract=contract,
            quotes=list(contract.quotes.all()),
            title="x",
            start_on=contract.start_on,
            end_on=contract.end_on,
            services=list(contract.services.all()),
            milestones=[MilestoneInput(name="x", amount=contract.value)],
        )
