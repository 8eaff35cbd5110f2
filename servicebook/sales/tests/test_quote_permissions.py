"""Who may do what with a quote: persona × action through the services, and the pure
predicates without a database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.sales import services
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import Quote, QuoteApproval
from servicebook.sales.quote_permissions import (
    can_approve_quote,
    can_edit_quote,
    can_send,
    can_show_to_client,
    can_submit,
    can_view_quote,
)
from servicebook.sales.tests.quote_setup import a_quote, approved, quotable_client


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages are matched in English here; other tests prove they read in Chinese."""
    with translation.override("en"):
        yield


PERSONAS = ["gm", "mkt_manager", "ka_manager", "ae", "other_ae", "designer", "outsider"]

# A Marketing client owned by ``ae``, who also wrote the quote.
MATRIX = {
    #               gm     mkt_m  ka_m   ae     other  design outsider
    "view": (True, True, False, True, False, False, False),
    "create": (True, True, False, True, False, False, False),
    "submit": (False, False, False, True, False, False, False),
    "approve": (True, True, False, False, False, False, False),
    "reject": (True, True, False, False, False, False, False),
    "send": (True, True, False, True, False, False, False),
}
CASES = [
    (action, persona, allowed)
    for action, row in MATRIX.items()
    for persona, allowed in zip(PERSONAS, row, strict=True)
]


def _attempt(action: str, actor: User, author: User, quote: Quote) -> Callable[[], object]:
    client = quote.client
    return {
        "view": lambda: Quote.objects.visible_to(actor).get(pk=quote.pk),
        "create": lambda: a_quote(actor, client),
        "submit": lambda: services.quote_submit(actor=actor, quote=quote),
        "approve": lambda: services.quote_approve(actor=actor, quote=quote),
        "reject": lambda: services.quote_reject(actor=actor, quote=quote, comment="不行"),
        "send": lambda: services.quote_mark_sent(actor=actor, quote=quote),
    }[action]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "persona", "allowed"), CASES)
def test_each_persona_may_do_exactly_what_the_matrix_says_with_an_aes_quote(
    action, persona, allowed, request, ae, mkt_manager
):
    actor = request.getfixturevalue(persona)
    quote = a_quote(ae, quotable_client(ae))
    if action in ("approve", "reject"):
        services.quote_submit(actor=ae, quote=quote)
    if action == "send":
        approved(quote, ae, mkt_manager)
    quote.refresh_from_db()
    attempt = _attempt(action, actor, ae, quote)
    if allowed:
        attempt()
    else:
        with pytest.raises((PermissionDenied, Quote.DoesNotExist)):
            attempt()
    assert can_view_quote(actor, quote) == MATRIX["view"][PERSONAS.index(persona)]


@pytest.mark.django_db
def test_a_manager_cannot_approve_their_own_quote(mkt_manager, gm, ae):
    client = quotable_client(ae)
    quote = a_quote(mkt_manager, client)
    services.quote_submit(actor=mkt_manager, quote=quote)
    with pytest.raises(PermissionDenied, match="another manager"):
        services.quote_approve(actor=mkt_manager, quote=quote)
    services.quote_approve(actor=gm, quote=quote)
    assert QuoteApproval.objects.get(quote=quote).decided_by == gm


@pytest.mark.django_db
def test_the_gms_own_quote_is_approved_by_the_department_manager_not_the_gm(gm, ka_manager, ae):
    client = quotable_client(ae, client_type="key")
    assert client.department.code == "ka"
    quote = a_quote(gm, client)
    services.quote_submit(actor=gm, quote=quote)
    with pytest.raises(PermissionDenied):
        services.quote_approve(actor=gm, quote=quote)
    services.quote_approve(actor=ka_manager, quote=quote)


@pytest.mark.django_db
def test_the_manager_of_another_department_cannot_approve(ka_manager, ae):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    with pytest.raises(PermissionDenied, match="client's department"):
        services.quote_approve(actor=ka_manager, quote=quote)


@pytest.mark.django_db
def test_a_rejection_must_say_why(ae, mkt_manager):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    with pytest.raises(DomainError, match="why"):
        services.quote_reject(actor=mkt_manager, quote=quote, comment="  ")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SUBMITTED


@pytest.mark.django_db
def test_only_the_author_or_the_owner_withdraws_a_submitted_quote(ae, other_ae, mkt_manager):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    for stranger in (other_ae, mkt_manager):
        with pytest.raises(PermissionDenied):
            services.quote_withdraw(actor=stranger, quote=quote)
    services.quote_withdraw(actor=ae, quote=quote)


# ---------------------------------------------------------------- pure predicates, no database


def _person(pk: int, *, gm: bool = False, manages: tuple[int, ...] = ()) -> User:
    user = User(pk=pk, username=f"u{pk}", is_active=True)
    user._role_codes = frozenset({"gm"} if gm else {"ae"})  # type: ignore[attr-defined]
    user._managed_department_ids = frozenset(manages)  # type: ignore[attr-defined]
    return user


def _quote(status: str, *, author: int, owner: int | None = 1, department: int = 2) -> Quote:
    client = Client(pk=10, owner_id=owner, department_id=department, status="negotiating")
    return Quote(pk=20, client=client, author_id=author, status=status)


def test_the_department_manager_and_the_gm_may_approve_a_submitted_quote_without_a_database():
    quote = _quote(QuoteStatus.SUBMITTED, author=1)
    assert can_approve_quote(_person(5, manages=(2,)), quote)
    assert can_approve_quote(_person(6, gm=True), quote)
    assert not can_approve_quote(_person(7, manages=(3,)), quote)
    assert not can_approve_quote(_person(1), quote)


def test_nobody_approves_a_quote_they_wrote_not_even_the_gm_or_the_manager():
    assert not can_approve_quote(_person(5, manages=(2,)), _quote("submitted", author=5))
    assert not can_approve_quote(_person(6, gm=True), _quote("submitted", author=6))


def test_only_a_submitted_quote_can_be_approved():
    manager = _person(5, manages=(2,))
    for status in QuoteStatus.values:
        expected = status == QuoteStatus.SUBMITTED
        assert can_approve_quote(manager, _quote(status, author=1)) == expected


def test_an_inactive_manager_decides_nothing():
    manager = _person(5, manages=(2,))
    manager.is_active = False
    assert not can_approve_quote(manager, _quote("submitted", author=1))


def test_the_author_and_the_owner_hold_the_content_of_a_quote():
    quote = _quote(QuoteStatus.DRAFT, author=3, owner=1)
    assert can_edit_quote(_person(3), quote) and can_submit(_person(3), quote)
    assert can_edit_quote(_person(1), quote) and can_submit(_person(1), quote)
    assert not can_edit_quote(_person(5, manages=(2,)), quote)
    assert not can_edit_quote(_person(3), _quote(QuoteStatus.SENT, author=3))


def test_only_an_approved_quote_can_be_sent():
    for status in QuoteStatus.values:
        assert can_send(_person(1), _quote(status, author=1)) == (status == QuoteStatus.APPROVED)


def test_the_client_sees_only_approved_content():
    visible = {s for s in QuoteStatus.values if can_show_to_client(_quote(s, author=1))}
    assert visible == {"approved", "sent", "accepted", "declined"}
