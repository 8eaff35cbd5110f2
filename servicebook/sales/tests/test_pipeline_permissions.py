"""Who may do what on the journey: a persona × action matrix, through the services, the
predicates the pages use, and the client page itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as Browser
from django.utils import timezone

from servicebook.accounts.models import Notification, NotificationKind
from servicebook.accounts.tests.factories import UserFactory
from servicebook.clients.choices import ClientStatus as C
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.sales import permissions, services
from servicebook.sales.choices import FollowUpKind
from servicebook.sales.models import AbandonReason, FollowUp, StageChange
from servicebook.sales.tests.helpers import a_reason, client_at

pytestmark = pytest.mark.django_db

PERSONAS = ["gm", "mkt_manager", "ka_manager", "ae", "other_ae", "designer", "outsider"]

# The client is a Marketing client owned by ``ae``.
ALLOWED = {
    "view": {"gm", "mkt_manager", "ae"},
    "assign": {"gm", "mkt_manager"},
    "move": {"gm", "mkt_manager", "ae"},
    "start negotiation": {"gm", "mkt_manager"},
    "log follow-up": {"gm", "mkt_manager", "ae"},
    "check in": {"gm", "mkt_manager"},
    "abandon": {"gm", "mkt_manager", "ae"},
    "reopen": {"gm", "mkt_manager", "ae"},
}


def _view(actor, client: Client) -> None:
    """Reading goes through visible_to; the predicate must agree with it."""
    visible = Client.objects.visible_to(actor).filter(pk=client.pk).exists()
    assert visible == permissions.can_see_client(actor, client)
    if not visible:
        raise PermissionDenied("hidden")


def _do(action: str, actor, ae) -> Client:
    """Make ``action`` as ``actor`` on a fresh client owned by ``ae``; returns it."""
    stage = {
        "assign": C.REGISTERED,
        "move": C.REGISTERED,
        "start negotiation": C.REPORTED,
        "reopen": C.ABANDONED,
    }.get(action, C.FOLLOWING_UP)
    client = client_at(stage, ae)
    calls = {
        "assign": lambda: services.client_assign(actor=actor, client=client, owner=ae),
        "move": lambda: services.client_start_research(actor=actor, client=client),
        "start negotiation": lambda: services.client_start_negotiation(actor=actor, client=client),
        "log follow-up": lambda: services.follow_up_log(
            actor=actor, client=client, kind=FollowUpKind.CALL, summary="电话沟通需求"
        ),
        "check in": lambda: services.check_in_log(actor=actor, client=client, note="进展如何"),
        "abandon": lambda: services.client_abandon(actor=actor, client=client, reason=a_reason()),
        "reopen": lambda: services.client_reopen(actor=actor, client=client),
        "view": lambda: _view(actor, client),
    }
    calls[action]()
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_each_persona_may_do_exactly_what_the_handbook_gives_them(request, persona, action, ae):
    actor = request.getfixturevalue(persona)
    if persona in ALLOWED[action]:
        _do(action, actor, ae)
    else:
        with pytest.raises(PermissionDenied):
            _do(action, actor, ae)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_predicates_the_pages_use_agree_with_the_matrix(request, persona, ae):
    user = request.getfixturevalue(persona)
    following = client_at(C.FOLLOWING_UP, ae)
    registered = client_at(C.REGISTERED, ae)
    reported = client_at(C.REPORTED, ae)
    abandoned = client_at(C.ABANDONED, ae)
    assert permissions.can_see_client(user, following) == (persona in ALLOWED["view"])
    assert permissions.can_assign(user, registered) == (persona in ALLOWED["assign"])
    assert permissions.can_move(user, registered, C.RESEARCHING) == (persona in ALLOWED["move"])
    assert permissions.can_move(user, reported, C.NEGOTIATING) == (
        persona in ALLOWED["start negotiation"]
    )
    assert permissions.can_log_follow_up(user, following) == (persona in ALLOWED["log follow-up"])
    assert permissions.can_check_in(user, following) == (persona in ALLOWED["check in"])
    assert permissions.can_abandon(user, following) == (persona in ALLOWED["abandon"])
    assert permissions.can_reopen(user, abandoned) == (persona in ALLOWED["reopen"])
    assert not permissions.can_move(user, reported, C.CONTRACTED)


def test_an_inactive_owner_may_do_nothing(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    ae.is_active = False
    ae.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.client_submit_proposal(actor=ae, client=client)


def test_nobody_moves_a_client_to_contracted_from_a_page(gm, ae):
    client = client_at(C.NEGOTIATING, ae)
    assert C.CONTRACTED not in permissions.button_moves(gm, client)
    assert permissions.button_moves(gm, client) == [C.FOLLOWING_UP]


# Abandoning needs a reason ------------------------------------------------------------


def test_abandoning_without_a_reason_is_refused(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    with pytest.raises(DomainError) as refused:
        services.client_abandon(actor=ae, client=client, reason=None, note="不做了")
    assert refused.value.field == "reason"
    client.refresh_from_db()
    assert client.status == C.FOLLOWING_UP


def test_abandoning_with_a_reason_no_longer_in_use_is_refused(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    retired = AbandonReason.objects.create(name_zh="旧原因", name_en="Old", is_active=False)
    with pytest.raises(DomainError):
        services.client_abandon(actor=ae, client=client, reason=retired)


def test_the_reason_and_note_of_an_abandonment_are_kept(ae):
    client = client_at(C.PROPOSAL, ae)
    reason = a_reason()
    change = services.client_abandon(actor=ae, client=client, reason=reason, note="预算不够")
    assert (change.reason, change.note, change.to_status) == (reason, "预算不够", C.ABANDONED)


# Assigning ---------------------------------------------------------------------------


def test_the_new_owner_is_told_only_after_the_assignment_commits(
    mkt_manager, ae, other_ae, django_capture_on_commit_callbacks
):
    client = client_at(C.REGISTERED, ae, owner=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.client_assign(actor=mkt_manager, client=client, owner=other_ae)
        assert not Notification.objects.exists()
    assert len(callbacks) == 1
    note = Notification.objects.get()
    assert note.recipient == other_ae
    assert note.kind == NotificationKind.CLIENT_ASSIGNED
    assert note.url == f"/clients/{client.pk}/"
    assert client.display_name in note.text


def test_a_refused_assignment_tells_nobody(ae, other_ae, django_capture_on_commit_callbacks):
    client = client_at(C.REGISTERED, ae)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(PermissionDenied),
    ):
        services.client_assign(actor=ae, client=client, owner=other_ae)
    assert callbacks == []
    assert not Notification.objects.exists()


def test_assigning_a_registered_client_moves_it_to_assigned(mkt_manager, ae, other_ae):
    client = client_at(C.RESEARCHING, ae, owner=None)
    services.client_assign(actor=mkt_manager, client=client, owner=other_ae, note="由王跟进")
    client.refresh_from_db()
    assert (client.status, client.owner) == (C.ASSIGNED, other_ae)
    assert StageChange.objects.get(client=client).note == "由王跟进"


def test_re_assigning_later_changes_only_the_owner_and_is_in_the_file_history(
    mkt_manager, ae, other_ae
):
    client = client_at(C.FOLLOWING_UP, ae)
    services.client_assign(actor=mkt_manager, client=client, owner=other_ae)
    client.refresh_from_db()
    assert (client.status, client.owner) == (C.FOLLOWING_UP, other_ae)
    assert not StageChange.objects.filter(client=client).exists()
    latest = client.history.first()
    assert (latest.owner_id, latest.history_user) == (other_ae.pk, mkt_manager)


def test_the_owner_must_be_an_active_member_of_staff(mkt_manager, ae):
    client = client_at(C.REGISTERED, ae)
    gone = UserFactory(is_active=False)
    for owner in (gone, None):
        with pytest.raises(DomainError) as refused:
            services.client_assign(actor=mkt_manager, client=client, owner=owner)
        assert refused.value.field == "owner"


def test_giving_a_client_to_its_owner_again_is_refused_unless_it_moves(mkt_manager, ae):
    following = client_at(C.FOLLOWING_UP, ae)
    with pytest.raises(DomainError):
        services.client_assign(actor=mkt_manager, client=following, owner=ae)
    registered = client_at(C.REGISTERED, ae)
    services.client_assign(actor=mkt_manager, client=registered, owner=ae)
    registered.refresh_from_db()
    assert registered.status == C.ASSIGNED


# Follow-ups ----------------------------------------------------------------------------


def test_a_follow_up_cannot_happen_in_the_future_nor_plan_the_next_one_in_the_past(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    now = timezone.now()
    with pytest.raises(DomainError) as future:
        services.follow_up_log(
            actor=ae, client=client, kind="call", summary="…", happened_at=now + timedelta(hours=2)
        )
    assert future.value.field == "happened_at"
    with pytest.raises(DomainError) as past:
        services.follow_up_log(
            actor=ae,
            client=client,
            kind="call",
            summary="电话",
            next_follow_up_on=timezone.localdate() - timedelta(days=1),
        )
    assert past.value.field == "next_follow_up_on"
    assert not FollowUp.objects.exists()


def test_a_follow_up_keeps_when_it_happened_and_the_next_date(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    when = timezone.now() - timedelta(days=1)
    follow_up = services.follow_up_log(
        actor=ae,
        client=client,
        kind=FollowUpKind.VISIT,
        summary=" 拜访销售部 ",
        happened_at=when,
        next_follow_up_on=timezone.localdate(),
    )
    assert (follow_up.summary, follow_up.happened_at, follow_up.by) == ("拜访销售部", when, ae)


def test_a_naive_time_is_a_programming_error(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    with pytest.raises(ValueError):
        services.follow_up_log(
            actor=ae,
            client=client,
            kind="call",
            summary="电话",
            happened_at=timezone.now().replace(tzinfo=None) - timedelta(days=1),
        )


def test_a_check_in_is_logged_only_through_the_managers_own_service(ae, mkt_manager):
    client = client_at(C.FOLLOWING_UP, ae)
    with pytest.raises(DomainError):
        services.follow_up_log(actor=ae, client=client, kind=FollowUpKind.CHECK_IN, summary="…")
    check_in = services.check_in_log(actor=mkt_manager, client=client)
    assert (check_in.kind, check_in.by) == (FollowUpKind.CHECK_IN, mkt_manager)


def test_closed_clients_take_no_follow_up(ae, mkt_manager):
    for stage in (C.ABANDONED, C.CONTRACTED):
        client = client_at(stage, ae)
        with pytest.raises(PermissionDenied):
            services.follow_up_log(actor=ae, client=client, kind="call", summary="电话")
        with pytest.raises(PermissionDenied):
            services.check_in_log(actor=mkt_manager, client=client)


# The client page -------------------------------------------------------------------------


def _page(user, client):
    browser = Browser()
    browser.force_login(user)
    return browser.get(f"/clients/{client.pk}/")


def _move_buttons(html: str) -> set[str]:
    import re

    return set(re.findall(r'name="to" value="([a-z_]+)"', html))


@pytest.mark.parametrize(
    ("persona", "stage", "buttons", "manager_forms"),
    [
        ("ae", C.FOLLOWING_UP, {"proposal", "reported"}, False),
        ("mkt_manager", C.FOLLOWING_UP, {"proposal", "reported"}, True),
        ("gm", C.FOLLOWING_UP, {"proposal", "reported"}, True),
        ("ae", C.REPORTED, {"following_up"}, False),
        ("mkt_manager", C.REPORTED, {"following_up", "negotiating"}, True),
        ("ae", C.REGISTERED, {"researching"}, False),
        ("ae", C.NEGOTIATING, {"following_up"}, False),
        ("ae", C.ABANDONED, set(), False),
        ("ae", C.CONTRACTED, set(), False),
    ],
)
def test_the_client_page_offers_only_the_moves_open_to_the_person(
    request, persona, stage, buttons, manager_forms, ae
):
    client = client_at(stage, ae)
    html = _page(request.getfixturevalue(persona), client).content.decode()
    assert _move_buttons(html) == buttons
    assert (f"/clients/{client.pk}/assign/" in html) == manager_forms
    assert (f"/clients/{client.pk}/check-in/" in html) == (
        manager_forms and stage not in (C.ABANDONED, C.CONTRACTED)
    )
    assert (f"/clients/{client.pk}/reopen/" in html) == (stage == C.ABANDONED)
    assert (f"/clients/{client.pk}/abandon/" in html) == (stage not in (C.ABANDONED, C.CONTRACTED))


@pytest.mark.parametrize("persona", ["ka_manager", "other_ae", "designer", "outsider"])
def test_people_who_may_not_see_the_client_get_not_found_for_the_page_and_every_action(
    request, persona, ae
):
    client = client_at(C.FOLLOWING_UP, ae)
    user = request.getfixturevalue(persona)
    browser = Browser()
    browser.force_login(user)
    assert browser.get(f"/clients/{client.pk}/").status_code == 404
    for action in ("move", "assign", "abandon", "reopen", "follow-ups/new", "check-in"):
        response = browser.post(f"/clients/{client.pk}/{action}/", {"to": "proposal"})
        assert response.status_code == 404, action
    client.refresh_from_db()
    assert client.status == C.FOLLOWING_UP


def test_pressing_a_move_button_moves_the_client_and_says_so(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    browser = Browser()
    browser.force_login(ae)
    response = browser.post(
        f"/clients/{client.pk}/move/", {"to": "proposal", "note": "提交营销策划建议书"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/clients/{client.pk}/"
    client.refresh_from_db()
    assert client.status == C.PROPOSAL
    assert "提交营销策划建议书" in response.content.decode()


def test_a_refused_action_is_explained_on_the_client_page(ae):
    client = client_at(C.REPORTED, ae)
    browser = Browser()
    browser.force_login(ae)
    response = browser.post(f"/clients/{client.pk}/move/", {"to": "negotiating"}, follow=True)
    assert response.status_code == 200
    assert 'class="alert alert-error"' in response.content.decode()
    client.refresh_from_db()
    assert client.status == C.REPORTED


def test_the_follow_up_and_abandon_forms_work_from_the_page(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    browser = Browser()
    browser.force_login(ae)
    browser.post(
        f"/clients/{client.pk}/follow-ups/new/",
        {"kind": "visit", "summary": "上门拜访", "next_follow_up_on": timezone.localdate()},
    )
    assert FollowUp.objects.get(client=client).kind == "visit"
    browser.post(f"/clients/{client.pk}/abandon/", {"note": "没有理由"})
    client.refresh_from_db()
    assert client.status == C.FOLLOWING_UP
    browser.post(f"/clients/{client.pk}/abandon/", {"reason": a_reason().pk})
    client.refresh_from_db()
    assert client.status == C.ABANDONED


def test_actions_answer_only_to_post(ae):
    client = client_at(C.FOLLOWING_UP, ae)
    browser = Browser()
    browser.force_login(ae)
    assert browser.get(f"/clients/{client.pk}/move/").status_code == 405
