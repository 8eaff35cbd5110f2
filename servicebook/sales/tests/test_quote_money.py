"""Quote money is exact to the fen: line amounts rounded half up, the subtotal their sum,
the discount never above it, the execution fee at the rate it was quoted; and the total
in Chinese capital numerals (人民币大写)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from servicebook.core.errors import DomainError
from servicebook.core.models import AgencySettings
from servicebook.sales import services
from servicebook.sales.choices import QuoteLineKind
from servicebook.sales.money_words import yuan_in_words
from servicebook.sales.services import QuoteLineInput
from servicebook.sales.tests.quote_setup import a_line, a_quote, approved, quotable_client


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages are matched in English here; other tests prove they read in Chinese."""
    with translation.override("en"):
        yield


D = Decimal


@pytest.mark.django_db
def test_three_times_a_third_of_a_hundred_thousand_is_exact(ae):
    quote = a_quote(ae, quotable_client(ae), a_line("33333.33", quantity="3"))
    assert quote.subtotal == D("99999.99")
    assert quote.total == D("99999.99")


@pytest.mark.django_db
def test_a_line_amount_is_rounded_half_up_to_the_fen(ae):
    # 0.5 × 33,333.33 = 16,666.665 → 16,666.67 (half-even would say .66)
    quote = a_quote(ae, quotable_client(ae), a_line("33333.33", quantity="0.5"))
    assert quote.lines.get().amount == D("16666.67")


@pytest.mark.django_db
def test_the_subtotal_is_the_sum_of_the_rounded_line_amounts(ae):
    lines = [a_line("0.03", quantity="0.5") for _ in range(3)]  # 0.015 each → 0.02
    quote = a_quote(ae, quotable_client(ae), *lines)
    assert [line.amount for line in quote.lines.all()] == [D("0.02")] * 3
    assert quote.subtotal == D("0.06")


@pytest.mark.django_db
def test_a_price_with_more_than_two_decimals_is_refused_not_rounded(ae):
    with pytest.raises(DomainError, match="fen"):
        a_quote(ae, quotable_client(ae), a_line("33333.335"))


@pytest.mark.django_db
def test_the_total_is_the_subtotal_less_the_discount(ae):
    quote = a_quote(
        ae, quotable_client(ae), a_line("120000.00"), a_line("3456.78"), discount=D("1000.50")
    )
    assert (quote.subtotal, quote.discount, quote.total) == (
        D("123456.78"),
        D("1000.50"),
        D("122456.28"),
    )


@pytest.mark.django_db
def test_figures_that_are_not_exact_in_binary_floating_point_still_save(ae):
    # SQLite keeps decimals as floats, where 190.66 - 27.39 == 163.26999999999998
    quote = a_quote(ae, quotable_client(ae), a_line("190.66"), discount=D("27.39"))
    quote.refresh_from_db()
    assert quote.total == D("163.27")


@pytest.mark.django_db
def test_a_discount_above_the_subtotal_is_refused(ae):
    with pytest.raises(DomainError, match="discount") as refused:
        a_quote(ae, quotable_client(ae), a_line("100.00"), discount=D("100.01"))
    assert refused.value.field == "discount"


@pytest.mark.django_db
def test_a_discount_equal_to_the_subtotal_leaves_a_zero_total(ae):
    quote = a_quote(ae, quotable_client(ae), a_line("100.00"), discount=D("100.00"))
    assert quote.total == D("0.00")


@pytest.mark.django_db
def test_a_negative_discount_or_price_is_refused(ae):
    client = quotable_client(ae)
    with pytest.raises(DomainError):
        a_quote(ae, client, discount=D("-1"))
    with pytest.raises(DomainError):
        a_quote(ae, client, a_line("-5.00"))


@pytest.mark.django_db
def test_the_execution_fee_is_fifteen_percent_of_the_event_cost_to_the_fen(ae):
    fee = QuoteLineInput.execution_fee(D("1234567.89"), "开盘活动")
    quote = a_quote(ae, quotable_client(ae), fee)
    line = quote.lines.get()
    assert (line.kind, line.fee_rate, line.amount) == (
        QuoteLineKind.EXECUTION_FEE,
        D("0.1500"),
        D("185185.18"),
    )
    assert quote.total == D("185185.18")


@pytest.mark.django_db
def test_the_fee_keeps_the_rate_it_was_quoted_at_when_the_setting_changes(ae, mkt_manager):
    client = quotable_client(ae)
    quote = a_quote(ae, client, QuoteLineInput.execution_fee(D("100000.00")))
    AgencySettings.objects.filter(pk=AgencySettings.current().pk).update(
        execution_fee_rate=D("0.2000")
    )
    services.quote_update(
        actor=ae,
        quote=quote,
        title="改",
        lines=[a_line(), QuoteLineInput.execution_fee(D("200000.00"))],
    )
    fee = quote.lines.get(kind=QuoteLineKind.EXECUTION_FEE)
    assert (fee.fee_rate, fee.amount) == (D("0.1500"), D("30000.00"))
    new = services.quote_new_version(actor=ae, quote=approved(quote, ae, mkt_manager))
    assert new.lines.get(kind=QuoteLineKind.EXECUTION_FEE).fee_rate == D("0.1500")
    fresh = a_quote(ae, client, QuoteLineInput.execution_fee(D("100000.00")))
    assert fresh.lines.get().amount == D("20000.00")


@pytest.mark.django_db
def test_a_quote_has_at_most_one_execution_fee_line(ae):
    fee = QuoteLineInput.execution_fee(D("1.00"))
    with pytest.raises(DomainError):
        a_quote(ae, quotable_client(ae), fee, fee)


@pytest.mark.django_db
def test_a_service_line_names_a_catalog_service_and_a_free_line_is_described(ae):
    client = quotable_client(ae)
    with pytest.raises(DomainError, match="catalog"):
        a_quote(ae, client, QuoteLineInput(description="无", unit_price=D("1.00")))
    with pytest.raises(DomainError, match="Describe"):
        a_quote(ae, client, QuoteLineInput(kind=QuoteLineKind.OTHER, unit_price=D("1.00")))
    other = QuoteLineInput(kind=QuoteLineKind.OTHER, description="差旅", unit_price=D("1.00"))
    assert a_quote(ae, client, other).total == D("1.00")


@pytest.mark.django_db
def test_floats_are_never_accepted_as_money(ae):
    with pytest.raises(DomainError):
        a_quote(ae, quotable_client(ae), discount=0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("123456.78", "壹拾贰万叁仟肆佰伍拾陆元柒角捌分"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("1.05", "壹元零伍分"),
        ("10", "壹拾元整"),
        ("10.50", "壹拾元伍角"),
        ("100010", "壹拾万零壹拾元整"),
        ("105000", "壹拾万伍仟元整"),
        ("100500", "壹拾万零伍佰元整"),
        ("1000000", "壹佰万元整"),
        ("10000001", "壹仟万零壹元整"),
        ("100000000", "壹亿元整"),
        ("100100000", "壹亿零壹拾万元整"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("185185.18", "壹拾捌万伍仟壹佰捌拾伍元壹角捌分"),
        ("20000000.07", "贰仟万元零柒分"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("-12.30", "负壹拾贰元叁角"),
    ],
)
def test_amounts_read_in_chinese_capital_numerals(amount, words):
    assert yuan_in_words(D(amount)) == words


def test_capital_numerals_round_to_the_fen_half_up():
    assert yuan_in_words(D("0.005")) == "壹分"


def test_an_amount_too_large_to_write_is_refused():
    with pytest.raises(ValueError):
        yuan_in_words(D("10") ** 16)
