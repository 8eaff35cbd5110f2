"""Every (from, to) pair of quote statuses: the services make the move exactly when
QUOTE_WORKFLOW has it, and every service refuses every other move."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.utils import translation

from servicebook.core.errors import DomainError
from servicebook.sales import services
from servicebook.sales.choices import QuoteStatus as Q
from servicebook.sales.models import Quote, QuoteStatusChange
from servicebook.sales.tests.quote_setup import a_line, a_quote, quotable_client
from servicebook.sales.workflows import QUOTE_WORKFLOW


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages are matched in English here; other tests prove they read in Chinese."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

STATUSES = list(Q.values)
PAIRS = [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b]

Call = Callable[[Quote], object]


def _services_towards(ae, manager) -> dict[str, list[Call]]:
    """Each status and every service call that could lead there."""
    return {
        Q.DRAFT: [
            lambda q: services.quote_withdraw(actor=ae, quote=q),
            lambda q: services.quote_update(actor=ae, quote=q, title="改", lines=[a_line()]),
        ],
        Q.SUBMITTED: [lambda q: services.quote_submit(actor=ae, quote=q)],
        Q.APPROVED: [lambda q: services.quote_approve(actor=manager, quote=q)],
        Q.REJECTED: [lambda q: services.quote_reject(actor=manager, quote=q, comment="太贵")],
        Q.SENT: [lambda q: services.quote_mark_sent(actor=ae, quote=q)],
        Q.ACCEPTED: [lambda q: services.quote_mark_accepted(actor=ae, quote=q)],
        Q.DECLINED: [lambda q: services.quote_mark_declined(actor=ae, quote=q)],
        Q.SUPERSEDED: [lambda q: services.quote_new_version(actor=ae, quote=q)],
    }


PATHS = {
    Q.DRAFT: [],
    Q.SUBMITTED: [Q.SUBMITTED],
    Q.APPROVED: [Q.SUBMITTED, Q.APPROVED],
    Q.REJECTED: [Q.SUBMITTED, Q.REJECTED],
    Q.SENT: [Q.SUBMITTED, Q.APPROVED, Q.SENT],
    Q.ACCEPTED: [Q.SUBMITTED, Q.APPROVED, Q.SENT, Q.ACCEPTED],
    Q.DECLINED: [Q.SUBMITTED, Q.APPROVED, Q.SENT, Q.DECLINED],
    Q.SUPERSEDED: [Q.SUPERSEDED],
}


def _reach(quote: Quote, status: str, towards: dict[str, list[Call]]) -> Quote:
    """Walk a new quote to ``status`` through the real services."""
    for step in PATHS[status]:
        towards[step][0](quote)
        quote.refresh_from_db()
    assert quote.status == status
    return quote


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_quote_moves_between_two_statuses_exactly_when_the_workflow_allows_it(
    source, target, ae, mkt_manager
):
    towards = _services_towards(ae, mkt_manager)
    quote = _reach(a_quote(ae, quotable_client(ae)), source, towards)
    moved = False
    for call in towards[target]:
        try:
            call(quote)
        except DomainError:
            quote.refresh_from_db()
            assert quote.status == source, "a refused move changes nothing"
            continue
        quote.refresh_from_db()
        moved = quote.status == target
        break
    assert moved == QUOTE_WORKFLOW.allows(source, target)
    recorded = QuoteStatusChange.objects.filter(
        quote=quote, from_status=source, to_status=target
    ).exists()
    assert recorded == moved


def test_every_status_change_of_a_quote_is_recorded_with_who_and_from_where(ae, mkt_manager):
    towards = _services_towards(ae, mkt_manager)
    quote = _reach(a_quote(ae, quotable_client(ae)), Q.ACCEPTED, towards)
    changes = list(quote.status_changes.order_by("at", "id"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        (Q.DRAFT, Q.SUBMITTED),
        (Q.SUBMITTED, Q.APPROVED),
        (Q.APPROVED, Q.SENT),
        (Q.SENT, Q.ACCEPTED),
    ]
    assert [c.actor for c in changes] == [ae, mkt_manager, ae, ae]
    assert quote.sent_at is not None


def test_editing_an_approved_quote_makes_it_a_draft_of_the_next_revision(ae, mkt_manager):
    towards = _services_towards(ae, mkt_manager)
    quote = _reach(a_quote(ae, quotable_client(ae)), Q.APPROVED, towards)
    services.quote_update(actor=ae, quote=quote, title="新", lines=[a_line("20000.00")])
    quote.refresh_from_db()
    assert (quote.status, quote.revision) == (Q.DRAFT, 2)
    with pytest.raises(DomainError):
        services.quote_mark_sent(actor=ae, quote=quote)


def test_editing_a_draft_keeps_its_revision_and_writes_no_status_change(ae):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_update(actor=ae, quote=quote, title="新", lines=[a_line()])
    quote.refresh_from_db()
    assert (quote.status, quote.revision) == (Q.DRAFT, 1)
    assert not quote.status_changes.exists()


def test_a_new_version_copies_the_lines_and_points_back_to_the_quote_it_replaces(ae, mkt_manager):
    towards = _services_towards(ae, mkt_manager)
    old = _reach(a_quote(ae, quotable_client(ae), a_line(), a_line("5.00")), Q.SENT, towards)
    new = services.quote_new_version(actor=ae, quote=old)
    old.refresh_from_db()
    assert old.status == Q.SUPERSEDED
    assert (new.status, new.supersedes, new.revision) == (Q.DRAFT, old, 1)
    assert new.number != old.number
    assert [line.amount for line in new.lines.all()] == [line.amount for line in old.lines.all()]
    assert new.total == old.total


def test_a_quote_cannot_be_submitted_without_a_line(ae):
    quote = services.quote_create(actor=ae, client=quotable_client(ae), title="空", lines=[])
    with pytest.raises(DomainError, match="at least one line"):
        services.quote_submit(actor=ae, quote=quote)


def test_quote_numbers_follow_the_yearly_bj_series(ae):
    client = quotable_client(ae)
    first, second = a_quote(ae, client), a_quote(ae, client)
    year = first.created_at.year
    assert first.number.startswith(f"BJ-{year}-")
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


@pytest.mark.parametrize(
    ("stage", "allowed"),
    [
        ("discovered", False),
        ("registered", False),
        ("assigned", False),
        ("following_up", True),
        ("proposal", True),
        ("reported", True),
        ("negotiating", True),
        ("abandoned", False),
        ("contracted", False),
    ],
)
def test_quotes_are_written_only_while_the_client_is_followed_up_up_to_negotiation(
    stage, allowed, ae
):
    client = quotable_client(ae, stage=stage)
    if allowed:
        assert a_quote(ae, client).status == Q.DRAFT
    else:
        with pytest.raises(DomainError):
            a_quote(ae, client)
