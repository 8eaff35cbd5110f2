"""Negotiation rounds: numbered per client, logged by the owner or a manager while
negotiating, each reported to the department manager after the commit."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as Browser
from django.utils import timezone, translation

from servicebook.accounts.models import Notification, NotificationKind
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.sales import services
from servicebook.sales.models import NegotiationRound
from servicebook.sales.tests.quote_setup import a_quote, approved, quotable_client


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages are matched in English here; other tests prove they read in Chinese."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _log(actor, client, **fields):
    return services.negotiation_round_log(
        actor=actor,
        client=client,
        held_on=fields.pop("held_on", TODAY()),
        outcome=fields.pop("outcome", "progress"),
        summary=fields.pop("summary", "讨论了报价和付款方式"),
        **fields,
    )


def test_rounds_are_numbered_one_two_three_per_client(ae, mkt_manager):
    first, other = quotable_client(ae), quotable_client(ae)
    assert [_log(ae, first).number for _ in range(3)] == [1, 2, 3]
    assert _log(mkt_manager, other).number == 1


def test_each_round_is_reported_to_the_department_manager_who_is_told(
    ae, mkt_manager, django_capture_on_commit_callbacks
):
    client = quotable_client(ae)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        round_ = _log(ae, client, outcome="stalled")
    assert round_.reported_to == mkt_manager
    assert len(callbacks) == 1
    note = Notification.objects.get(recipient=mkt_manager)
    assert note.kind == NotificationKind.NEGOTIATION_REPORTED
    assert note.params["round"] == "1"
    assert client.display_name in note.params["client"]


def test_nobody_is_told_before_the_round_is_committed(ae, mkt_manager):
    _log(ae, quotable_client(ae))  # in the test's transaction: on_commit never runs
    assert not Notification.objects.filter(recipient=mkt_manager).exists()


def test_a_round_the_manager_logs_is_reported_to_the_gm(ae, mkt_manager, gm):
    assert _log(mkt_manager, quotable_client(ae)).reported_to == gm


def test_rounds_are_logged_only_when_the_client_is_reported_or_negotiating(ae):
    for stage in ("following_up", "proposal", "abandoned", "contracted"):
        with pytest.raises(DomainError, match="reported or negotiating"):
            _log(ae, quotable_client(ae, stage=stage))
    assert _log(ae, quotable_client(ae, stage="reported")).number == 1


def test_only_the_owner_or_a_manager_logs_a_round(ae, other_ae, ka_manager, designer, gm):
    client = quotable_client(ae)
    for stranger in (other_ae, ka_manager, designer):
        with pytest.raises(PermissionDenied):
            _log(stranger, client)
    assert _log(gm, client).number == 1


def test_a_round_may_discuss_only_this_clients_approved_quote(ae, mkt_manager):
    client, other = quotable_client(ae), quotable_client(ae)
    draft = a_quote(ae, client)
    with pytest.raises(DomainError, match="approved"):
        _log(ae, client, quote=draft)
    with pytest.raises(DomainError, match="another client"):
        _log(ae, client, quote=approved(a_quote(ae, other), ae, mkt_manager))
    ok = approved(a_quote(ae, client), ae, mkt_manager)
    assert _log(ae, client, quote=ok).quote == ok


def test_a_round_needs_a_summary_and_is_not_logged_ahead(ae):
    client = quotable_client(ae)
    with pytest.raises(DomainError):
        _log(ae, client, summary=" ")
    with pytest.raises(DomainError):
        _log(ae, client, held_on=TODAY() + datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        _log(ae, client, outcome="won")


def test_the_client_page_logs_a_round_and_lists_it(ae, mkt_manager):
    client = quotable_client(ae)
    browser = Browser()
    browser.force_login(ae)
    page = browser.get(f"/clients/{client.pk}/").content.decode()
    assert f"/clients/{client.pk}/negotiation/new/" in page
    response = browser.post(
        f"/clients/{client.pk}/negotiation/new/",
        {"held_on": TODAY().isoformat(), "outcome": "agreed", "summary": "同意分两期付款"},
    )
    assert response.status_code == 302
    assert NegotiationRound.objects.get(client=client).summary == "同意分两期付款"
    page = browser.get(f"/clients/{client.pk}/").content.decode()
    assert "同意分两期付款" in page


def test_someone_who_cannot_see_the_client_cannot_post_a_round(ae, other_ae):
    client = quotable_client(ae)
    browser = Browser()
    browser.force_login(other_ae)
    response = browser.post(
        f"/clients/{client.pk}/negotiation/new/",
        {"held_on": TODAY().isoformat(), "outcome": "agreed", "summary": "x"},
    )
    assert response.status_code == 404
    assert not NegotiationRound.objects.exists()
