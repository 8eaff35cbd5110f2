"""Work-order read models: what waits for whom (the home page reuses it), tab counts and
lateness in working days."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicebook.delivery import models
from servicebook.delivery.selectors import work_orders as selectors
from servicebook.delivery.services import work_orders as services
from servicebook.delivery.tests.work_order_setup import (
    TODAY,
    W,
    advance,
    creative_manager,
    issue,
)
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def _fixed_today():
    def localdate(value: Any = None, timezone: Any = None) -> date:
        return TODAY if value is None else _real_localdate(value, timezone)

    with mock.patch("django.utils.timezone.localdate", localdate):
        yield


@pytest.fixture
def project(ae):
    return project_for(ae)


def test_waiting_for_follows_the_work_from_assignee_to_issuer_and_back(ae, designer, project):
    wo = issue(ae, project, assignee=designer)
    assert list(selectors.waiting_for(designer)) == [wo]
    assert not selectors.waiting_for(ae).exists()
    advance(wo, W.SUBMITTED, issuer=ae, assignee=designer)
    assert list(selectors.waiting_for(ae)) == [wo]  # record the client's feedback
    assert not selectors.waiting_for(designer).exists()
    services.work_order_record_feedback(actor=ae, work_order=wo, outcome="approved", feedback="")
    assert list(selectors.waiting_for(ae)) == [wo]  # close it
    services.work_order_close(actor=ae, work_order=wo)
    assert not selectors.waiting_for(ae).exists() and not selectors.waiting_for(designer).exists()


def test_an_unassigned_work_order_waits_for_the_receiving_manager_only(ae, designer, project):
    manager = creative_manager()
    wo = issue(ae, project)
    assert list(selectors.waiting_for(manager)) == [wo]
    assert not selectors.waiting_for(designer).exists()


def test_the_home_page_takes_the_first_few_soonest_due_with_their_rows_in_one_query(
    ae, designer, project
):
    late = issue(ae, project, assignee=designer, days=9)
    soon = issue(ae, project, assignee=designer, days=1)
    issue(ae, project, assignee=designer, days=5)
    assert selectors.waiting_for(designer).count() == 3
    with CaptureQueriesContext(connection) as captured:
        rows = list(selectors.waiting_for(designer, limit=2))
        labels = [
            (r.project.code, r.department.name, r.assignee.display_name, r.round_count)
            for r in rows
        ]
    assert len(captured) == 1 and len(labels) == 2
    assert rows[0] == soon and late not in rows


def test_the_tab_counts_come_in_one_query(ae, designer, project):
    issue(ae, project, assignee=designer)
    advance(issue(ae, project, assignee=designer), W.SUBMITTED, issuer=ae, assignee=designer)
    with CaptureQueriesContext(connection) as captured:
        counts = selectors.tab_counts(ae)
    assert counts == {"waiting": 1, "issued": 2, "all": 2} and len(captured) == 1
    assert selectors.tab_counts(designer) == {"waiting": 1, "issued": 0, "all": 2}


def test_lateness_counts_working_days_and_skips_closed_work(ae, designer, project):
    open_ = issue(ae, project, assignee=designer, days=1)  # due 2026-09-29
    done = advance(
        issue(ae, project, assignee=designer, days=1), W.DONE, issuer=ae, assignee=designer
    )
    rows = selectors.mark_lateness([open_, done], date(2026, 10, 9))
    assert [(r.is_late, r.late_days) for r in rows] == [(True, 3), (False, 0)]
    weekend = selectors.mark_lateness([open_], date(2026, 9, 29))
    assert (weekend[0].is_late, weekend[0].late_days) == (False, 0)  # due at the end of the day
    with CaptureQueriesContext(connection) as captured:
        selectors.mark_lateness([done], date(2026, 12, 1))
    assert len(captured) == 0  # nothing late, no calendar


def test_planned_dates_start_the_next_working_day_and_count_it_as_day_one():
    assert selectors.planned_dates(None, 1, date(2026, 9, 30)) == (
        date(2026, 10, 8),
        date(2026, 10, 8),
    )
    assert selectors.planned_dates(date(2026, 9, 30), 2, TODAY) == (
        date(2026, 9, 30),
        date(2026, 10, 8),
    )


def test_a_work_order_submitted_on_time_is_not_late_while_the_client_decides():
    today = date(2026, 10, 20)
    rows = [
        models.WorkOrder(
            status=status, due_on=date(2026, 10, 9), start_on=date(2026, 10, 8), days=2
        )
        for status in ("in_progress", "submitted", "revision_requested", "client_approved")
    ]
    marked = selectors.mark_lateness(rows, today)
    assert [wo.is_late for wo in marked] == [True, False, True, False]
