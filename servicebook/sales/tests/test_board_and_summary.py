"""The pipeline board and the manager's daily summary: what they show, to whom, and a
query count that does not grow with the number of clients."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicebook.clients.choices import ClientStatus as C
from servicebook.clients.models import Client
from servicebook.core.models import AgencySettings
from servicebook.sales.board import CARDS_PER_COLUMN, QUOTED_STATUSES, pipeline_board
from servicebook.sales.choices import FollowUpKind, NegotiationOutcome, QuoteStatus
from servicebook.sales.models import FollowUp, NegotiationRound, Quote, StageChange
from servicebook.sales.tests.helpers import client_at

pytestmark = pytest.mark.django_db

BOARD_QUERIES = 12
SUMMARY_QUERIES = 15

_serial = itertools.count(1)
STAGES = list(C.values)


def _quote(client, author, status, total) -> Quote:
    n = next(_serial)
    return Quote.objects.create(
        number=f"BJ-2026-{n:04d}",
        client=client,
        title="营销策划报价",
        author=author,
        status=status,
        subtotal=Decimal(total),
        total=Decimal(total),
    )


def _grow(ae, other_ae, n: int) -> None:
    """``n`` clients over every stage, each with a move, a follow-up, quotes and a round."""
    for i in range(n):
        stage = STAGES[i % len(STAGES)]
        owner = [ae, other_ae, None][i % 3]
        client = client_at(stage, ae, owner=owner)
        StageChange.objects.create(client=client, from_status=C.ASSIGNED, to_status=stage, actor=ae)
        FollowUp.objects.create(
            client=client,
            kind=FollowUpKind.CALL,
            summary="电话",
            by=ae,
            happened_at=timezone.now() - timedelta(days=10),
        )
        _quote(client, ae, QuoteStatus.SUBMITTED, "1000.00")
        _quote(client, ae, QuoteStatus.DRAFT, "5.00")
        NegotiationRound.objects.create(
            client=client,
            number=1,
            held_on=timezone.localdate(),
            outcome=NegotiationOutcome.PROGRESS,
            summary="第一轮",
            by=ae,
        )


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/pipeline/", "/pipeline/?department=2&owner=none", "/summary/"])
def test_the_board_and_summary_query_counts_are_pinned_and_do_not_grow(
    mkt_manager, ae, other_ae, url
):
    AgencySettings.current()  # created once, on the agency's first request
    browser = Browser()
    browser.force_login(mkt_manager)
    _grow(ae, other_ae, 3)
    small = _queries(browser, url)
    _grow(ae, other_ae, 27)
    pinned = SUMMARY_QUERIES if url == "/summary/" else BOARD_QUERIES
    assert _queries(browser, url) == small == pinned


def test_the_board_has_a_column_per_stage_abandoned_last_with_counts_and_quoted_sums(
    mkt_manager, ae, other_ae
):
    _grow(ae, other_ae, 22)
    board = pipeline_board(mkt_manager, {}, timezone.localdate())
    assert [c.status for c in board.columns][-1] == C.ABANDONED
    assert [c.status for c in board.columns][:-1] == [s for s in STAGES if s != C.ABANDONED]
    assert all(c.count == 2 for c in board.columns)
    # Each client has a submitted quote of 1,000.00 and a draft of 5.00 (not counted).
    assert all(c.quoted == Decimal("2000.00") for c in board.columns)
    assert QuoteStatus.DRAFT not in QUOTED_STATUSES


def test_declined_rejected_and_superseded_quotes_are_not_counted_as_quoted(mkt_manager, ae):
    client = client_at(C.NEGOTIATING, ae)
    for status, total in [
        (QuoteStatus.SENT, "300.00"),
        (QuoteStatus.ACCEPTED, "200.00"),
        (QuoteStatus.APPROVED, "100.00"),
        (QuoteStatus.DECLINED, "7.00"),
        (QuoteStatus.REJECTED, "7.00"),
        (QuoteStatus.SUPERSEDED, "7.00"),
    ]:
        _quote(client, ae, status, total)
    board = pipeline_board(mkt_manager, {}, timezone.localdate())
    negotiating = next(c for c in board.columns if c.status == C.NEGOTIATING)
    assert (negotiating.count, negotiating.quoted) == (1, Decimal("600.00"))


def test_a_column_shows_at_most_thirty_cards_and_links_to_the_rest(mkt_manager, ae):
    for _ in range(CARDS_PER_COLUMN + 2):
        client_at(C.REGISTERED, ae)
    browser = Browser()
    browser.force_login(mkt_manager)
    html = browser.get("/pipeline/").content.decode()
    board = pipeline_board(mkt_manager, {}, timezone.localdate())
    registered = next(c for c in board.columns if c.status == C.REGISTERED)
    assert (registered.count, len(registered.cards), registered.more) == (32, 30, 2)
    assert 'href="/clients/?status=registered"' in html


def test_people_see_only_their_own_clients_on_the_board(ae, other_ae):
    mine = client_at(C.FOLLOWING_UP, ae)
    theirs = client_at(C.FOLLOWING_UP, other_ae)
    browser = Browser()
    browser.force_login(ae)
    html = browser.get("/pipeline/").content.decode()
    assert mine.display_name in html
    assert theirs.display_name not in html
    assert 'id="f-department"' not in html  # no filters for staff


def test_managers_filter_the_board_by_owner(mkt_manager, ae, other_ae):
    mine = client_at(C.FOLLOWING_UP, ae)
    theirs = client_at(C.FOLLOWING_UP, other_ae)
    nobody = client_at(C.REGISTERED, ae, owner=None)
    browser = Browser()
    browser.force_login(mkt_manager)
    html = browser.get(f"/pipeline/?owner={ae.pk}").content.decode()
    assert mine.display_name in html and theirs.display_name not in html
    html = browser.get("/pipeline/?owner=none").content.decode()
    assert nobody.display_name in html and mine.display_name not in html
    assert 'href="/clients/?status=registered&amp;owner=none"' not in html  # no "more" yet


def test_a_stale_follow_up_is_marked_on_its_card(mkt_manager, ae):
    client = client_at(C.FOLLOWING_UP, ae)
    StageChange.objects.create(
        client=client,
        from_status=C.ASSIGNED,
        to_status=C.FOLLOWING_UP,
        actor=ae,
        at=timezone.now() - timedelta(days=30),
    )
    board = pipeline_board(mkt_manager, {}, timezone.localdate())
    card = next(c for c in board.columns if c.status == C.FOLLOWING_UP).cards[0]
    assert card.stale
    assert card.days_quiet == 30


# The daily summary ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["ae", "other_ae", "designer", "outsider"])
def test_the_daily_summary_is_only_for_managers(request, persona):
    browser = Browser()
    browser.force_login(request.getfixturevalue(persona))
    response = browser.get("/summary/")
    assert response.status_code == 403
    assert 'href="/pipeline/"' in response.content.decode()


def test_a_department_manager_sees_their_department_and_the_gm_sees_all(
    gm, mkt_manager, ka_manager, ae
):
    mkt = client_at(C.REGISTERED, ae, owner=None)
    key = client_at(C.REGISTERED, ae, owner=None, department_id=ka_manager.department_id)
    pages = {}
    for user in (gm, mkt_manager, ka_manager):
        browser = Browser()
        browser.force_login(user)
        pages[user.username] = browser.get("/summary/").content.decode()
    assert mkt.display_name in pages["gm"] and key.display_name in pages["gm"]
    assert mkt.display_name in pages["mkt_manager"]
    assert key.display_name not in pages["mkt_manager"]
    assert key.display_name in pages["ka_manager"]
    assert mkt.display_name not in pages["ka_manager"]


def test_the_summary_lists_new_clients_since_the_last_working_day(mkt_manager, ae):
    monday = date(2026, 11, 16)
    friday = client_at(C.REGISTERED, ae, registered_on=date(2026, 11, 13))
    thursday = client_at(C.REGISTERED, ae, registered_on=date(2026, 11, 12))
    from servicebook.sales.board import daily_summary

    summary = daily_summary(mkt_manager, monday)
    (day,) = summary.departments
    assert summary.since == date(2026, 11, 13)
    assert friday in day.new_clients and thursday not in day.new_clients


def test_the_summary_lists_stale_follow_ups_quotes_to_approve_and_negotiation_reports(
    mkt_manager, ae
):
    from servicebook.sales.board import daily_summary

    stale = client_at(C.FOLLOWING_UP, ae)
    StageChange.objects.create(
        client=stale,
        from_status=C.ASSIGNED,
        to_status=C.FOLLOWING_UP,
        actor=ae,
        at=timezone.now() - timedelta(days=20),
    )
    negotiating = client_at(C.NEGOTIATING, ae)
    waiting = _quote(negotiating, ae, QuoteStatus.SUBMITTED, "88000.00")
    own = _quote(negotiating, mkt_manager, QuoteStatus.SUBMITTED, "1.00")
    NegotiationRound.objects.create(
        client=negotiating,
        number=1,
        held_on=timezone.localdate(),
        outcome=NegotiationOutcome.STALLED,
        summary="价格分歧",
        by=ae,
    )
    (day,) = daily_summary(mkt_manager, timezone.localdate()).departments
    assert day.stale == [stale]
    assert day.quotes == [waiting] and own not in day.quotes
    assert [n.round.client for n in day.negotiations] == [negotiating]


def test_one_click_assign_from_the_summary_assigns_and_comes_back(mkt_manager, ae, other_ae):
    client = client_at(C.REGISTERED, ae, owner=None)
    browser = Browser()
    browser.force_login(mkt_manager)
    html = browser.get("/summary/").content.decode()
    assert f'action="/clients/{client.pk}/assign/"' in html
    response = browser.post(
        f"/clients/{client.pk}/assign/", {"owner": other_ae.pk, "next": "/summary/"}
    )
    assert response.status_code == 302 and response["Location"] == "/summary/"
    client.refresh_from_db()
    assert (client.owner, client.status) == (other_ae, C.ASSIGNED)
    html = browser.get("/summary/").content.decode()
    assert "is now followed up by" in html or "跟进" in html
    assert f'action="/clients/{client.pk}/assign/"' not in html


def test_assigning_is_refused_to_someone_who_is_not_a_manager(ae, other_ae):
    client = client_at(C.REGISTERED, ae)
    browser = Browser()
    browser.force_login(ae)
    response = browser.post(
        f"/clients/{client.pk}/assign/", {"owner": other_ae.pk, "next": "/summary/"}, follow=True
    )
    assert 'class="alert alert-error"' in response.content.decode()
    client.refresh_from_db()
    assert (client.owner, client.status) == (ae, C.REGISTERED)


def test_the_assign_form_never_redirects_off_the_site(mkt_manager, ae, other_ae):
    client = client_at(C.REGISTERED, ae)
    browser = Browser()
    browser.force_login(mkt_manager)
    response = browser.post(
        f"/clients/{client.pk}/assign/", {"owner": other_ae.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/clients/{client.pk}/"


def test_clients_of_other_departments_cannot_be_assigned_by_a_department_manager(
    ka_manager, ae, other_ae
):
    client = client_at(C.REGISTERED, ae)
    browser = Browser()
    browser.force_login(ka_manager)
    response = browser.post(f"/clients/{client.pk}/assign/", {"owner": other_ae.pk})
    assert response.status_code == 404
    assert Client.objects.get(pk=client.pk).owner == ae


def test_the_summary_uses_the_agency_time_zone_for_today(mkt_manager):
    browser = Browser()
    browser.force_login(mkt_manager)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 10, 8)):
        html = browser.get("/summary/").content.decode()
    assert "2026-09-30" in html  # new since the last working day before the holiday
