"""Stale follow-ups: N working days without a follow-up or a manager check-in (SPEC §2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from servicebook.clients.choices import ClientStatus
from servicebook.core.models import AgencySettings, CalendarOverride, OverrideKind
from servicebook.core.workdays import WorkingCalendar
from servicebook.sales import services
from servicebook.sales.choices import FollowUpKind
from servicebook.sales.models import FollowUp, StageChange
from servicebook.sales.staleness import stale_cutoff, stale_follow_ups
from servicebook.sales.tests.helpers import client_at

D = date.fromisoformat


def _official_only() -> WorkingCalendar:
    """The official calendar without the agency's table: no database."""
    return WorkingCalendar(D("2026-01-01"), D("2026-12-31"), loader=lambda a, b: {})


# The cut-off date, a pure function ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "days", "cutoff"),
    [
        # The first working day after National Day: back over the holiday to September.
        ("2026-10-08", 3, "2026-09-28"),
        # Saturday 10 October is a make-up working day (调休), Sunday is not.
        ("2026-10-12", 3, "2026-10-08"),
        # Asked on a holiday, the count starts from the last working day before it.
        ("2026-10-03", 3, "2026-09-27"),
        # One working day: activity on the last holiday is already stale on 8 October.
        ("2026-10-08", 1, "2026-10-07"),
        # An ordinary weekend: Monday counts back to the Wednesday before.
        ("2026-11-16", 3, "2026-11-11"),
        ("2026-11-14", 3, "2026-11-10"),
        ("2026-11-27", 3, "2026-11-24"),
        # A Saturday before a make-up Sunday (调休) still counts back, never forward.
        ("2026-09-19", 1, "2026-09-17"),
    ],
)
def test_the_stale_cut_off_counts_working_days_back_from_today(today, days, cutoff):
    assert stale_cutoff(D(today), days, _official_only()) == D(cutoff)


def test_activity_on_or_before_the_cut_off_is_exactly_what_has_n_working_days_after_it():
    calendar = _official_only()
    for offset in range(0, 80):
        today = D("2026-09-15") + timedelta(days=offset)
        for days in range(1, 6):
            cutoff = stale_cutoff(today, days, calendar)
            assert calendar.working_days_between(cutoff, today) >= days
            assert calendar.working_days_between(cutoff + timedelta(days=1), today) < days


def test_a_rule_of_zero_days_makes_everything_up_to_today_stale():
    assert stale_cutoff(D("2026-10-08"), 0, _official_only()) == D("2026-10-08")


# The selector ------------------------------------------------------------------------


def _at(day: str, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def _following_up_since(day: str, registrant, **fields):
    client = client_at(ClientStatus.FOLLOWING_UP, registrant, **fields)
    StageChange.objects.create(
        client=client,
        from_status=ClientStatus.ASSIGNED,
        to_status=ClientStatus.FOLLOWING_UP,
        actor=registrant,
        at=_at(day),
    )
    return client


def _logged(client, day: str, by, kind=FollowUpKind.CALL, hour: int = 10) -> FollowUp:
    return FollowUp.objects.create(
        client=client, kind=kind, summary="电话沟通", happened_at=_at(day, hour), by=by
    )


@pytest.mark.django_db
def test_follow_ups_go_stale_over_the_national_day_holiday(mkt_manager, ae):
    quiet = _following_up_since("2026-09-20", ae)
    _logged(quiet, "2026-09-28", ae, hour=23)
    fresh = _following_up_since("2026-09-20", ae)
    _logged(fresh, "2026-09-29", ae, hour=0)
    stale = stale_follow_ups(mkt_manager, D("2026-10-08"))
    assert list(stale) == [quiet]
    assert timezone.localdate(stale[0].last_activity) == D("2026-09-28")


@pytest.mark.django_db
def test_a_manager_check_in_counts_as_activity(mkt_manager, ae):
    client = _following_up_since("2026-09-20", ae)
    _logged(client, "2026-09-21", ae)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-08"))) == [client]
    _logged(client, "2026-09-30", mkt_manager, kind=FollowUpKind.CHECK_IN)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-08"))) == []


@pytest.mark.django_db
def test_without_follow_ups_the_move_into_following_up_is_the_last_activity(mkt_manager, ae):
    old = _following_up_since("2026-09-25", ae)
    recent = _following_up_since("2026-09-30", ae)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-08"))) == [old]
    assert recent not in stale_follow_ups(mkt_manager, D("2026-10-09"))


@pytest.mark.django_db
def test_coming_back_to_following_up_starts_the_clock_again(mkt_manager, ae):
    client = _following_up_since("2026-10-09", ae)
    _logged(client, "2026-09-01", ae)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-12"))) == []


@pytest.mark.django_db
def test_only_clients_following_up_and_visible_to_the_user_can_be_stale(
    mkt_manager, ka_manager, ae, other_ae
):
    stale = _following_up_since("2026-09-01", ae)
    proposal = _following_up_since("2026-09-01", ae)
    type(proposal).objects.filter(pk=proposal.pk).update(status=ClientStatus.PROPOSAL)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-08"))) == [stale]
    assert list(stale_follow_ups(ae, D("2026-10-08"))) == [stale]
    assert list(stale_follow_ups(other_ae, D("2026-10-08"))) == []
    assert list(stale_follow_ups(ka_manager, D("2026-10-08"))) == []


@pytest.mark.django_db
def test_the_agency_setting_and_its_own_closures_change_the_rule(mkt_manager, ae):
    client = _following_up_since("2026-09-20", ae)
    _logged(client, "2026-09-30", ae)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-09"))) == []
    settings = AgencySettings.current()
    settings.stale_follow_up_days = 2
    settings.save(update_fields=["stale_follow_up_days"])
    assert list(stale_follow_ups(mkt_manager, D("2026-10-09"))) == [client]
    CalendarOverride.objects.create(date=D("2026-10-08"), kind=OverrideKind.CLOSURE)
    assert list(stale_follow_ups(mkt_manager, D("2026-10-09"))) == []


@pytest.mark.django_db
def test_the_selector_runs_one_query_given_the_cut_off(mkt_manager, ae, django_assert_num_queries):
    for _ in range(3):
        _following_up_since("2026-09-01", ae)
    mkt_manager.managed_department_ids  # noqa: B018 (cached on the user, as in a request)
    mkt_manager.role_codes  # noqa: B018
    with django_assert_num_queries(1):
        assert len(list(stale_follow_ups(mkt_manager, D("2026-10-08"), D("2026-09-28")))) == 3


@pytest.mark.django_db
def test_logging_a_follow_up_today_makes_a_stale_client_fresh(mkt_manager, ae):
    client = _following_up_since("2026-09-01", ae)
    today = timezone.localdate()
    assert client in stale_follow_ups(mkt_manager, today)
    services.follow_up_log(actor=ae, client=client, kind=FollowUpKind.VISIT, summary="拜访")
    assert client not in stale_follow_ups(mkt_manager, today)
