"""Every (from, to) pair of client stages: a service makes the move exactly when the
transition table has it, and every service refuses every other move."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError
from servicebook.sales import services
from servicebook.sales.tests.helpers import a_reason, client_at
from servicebook.sales.workflows import CLIENT_WORKFLOW

pytestmark = pytest.mark.django_db

STAGES = list(ClientStatus.values)
PAIRS = [(a, b) for a, b in itertools.product(STAGES, STAGES) if a != b]


def _every_service(actor, new_owner) -> dict[str, Callable[[Client], object]]:
    reason = a_reason()
    simple = [
        services.client_send_brochure,
        services.client_mark_registered,
        services.client_start_research,
        services.client_start_follow_up,
        services.client_submit_proposal,
        services.client_report,
        services.client_start_negotiation,
        services.client_back_to_follow_up,
        services.client_reopen,
        services.client_mark_contracted,
    ]
    calls: dict[str, Callable[[Client], object]] = {
        s.__name__: (lambda c, s=s: s(actor=actor, client=c)) for s in simple
    }
    calls["client_assign"] = lambda c: services.client_assign(
        actor=actor, client=c, owner=new_owner
    )
    calls["client_abandon"] = lambda c: services.client_abandon(
        actor=actor, client=c, reason=reason
    )
    return calls


def _reached(source: str, actor, ae, other_ae) -> dict[str, str]:
    """Where each service takes a client at ``source`` (with and without an owner)."""
    reached: dict[str, str] = {}
    for owner in (ae, None):
        client = client_at(source, ae, owner=owner)
        for name, call in _every_service(actor, other_ae).items():
            Client.objects.filter(pk=client.pk).update(status=source, owner=owner)
            try:
                call(client)
            except DomainError:
                client.refresh_from_db()
                assert client.status == source, f"{name} failed but moved the client"
                continue
            client.refresh_from_db()
            if client.status != source:
                reached[client.status] = name
    return reached


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_move_is_made_by_some_service_exactly_when_the_table_allows_it(
    source, target, gm, ae, other_ae
):
    reached = _reached(source, gm, ae, other_ae)
    assert (target in reached) == CLIENT_WORKFLOW.allows(source, target), reached


@pytest.mark.parametrize("source", STAGES)
def test_no_service_leads_anywhere_the_table_does_not_allow(source, gm, ae, other_ae):
    reached = _reached(source, gm, ae, other_ae)
    assert set(reached) == set(CLIENT_WORKFLOW.targets(source))


def test_every_move_is_recorded_with_who_when_and_the_note(mkt_manager, ae):
    client = client_at(ClientStatus.REGISTERED, ae)
    change = services.client_start_research(actor=ae, client=client, note="  收集项目资料 ")
    assert (change.from_status, change.to_status) == ("registered", "researching")
    assert change.actor == ae
    assert change.note == "收集项目资料"
    assert change.at is not None
    client.refresh_from_db()
    assert client.status == ClientStatus.RESEARCHING
    assert client.history.first().history_user == ae


def test_a_client_walks_the_whole_journey_through_the_services(mkt_manager, ae):
    client = client_at(ClientStatus.DISCOVERED, ae)
    services.client_send_brochure(actor=ae, client=client)
    services.client_mark_registered(actor=ae, client=client)
    services.client_start_research(actor=ae, client=client)
    services.client_assign(actor=mkt_manager, client=client, owner=ae)
    services.client_start_follow_up(actor=ae, client=client)
    services.client_submit_proposal(actor=ae, client=client)
    services.client_report(actor=ae, client=client)
    services.client_start_negotiation(actor=mkt_manager, client=client)
    services.client_mark_contracted(actor=mkt_manager, client=client, note="HT-2026-0001")
    client.refresh_from_db()
    assert client.status == ClientStatus.CONTRACTED
    assert client.stage_changes.count() == 9


def test_reopening_goes_back_to_following_up_when_the_client_has_an_owner(gm, ae):
    owned = client_at(ClientStatus.ABANDONED, ae)
    unowned = client_at(ClientStatus.ABANDONED, ae, owner=None)
    services.client_reopen(actor=gm, client=owned)
    services.client_reopen(actor=gm, client=unowned)
    owned.refresh_from_db()
    unowned.refresh_from_db()
    assert owned.status == ClientStatus.FOLLOWING_UP
    assert unowned.status == ClientStatus.REGISTERED
