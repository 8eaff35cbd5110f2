"""The left navigation: only pages that exist, the most specific entry marked active."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from servicebook.core.context_processors import navigation

pytestmark = pytest.mark.django_db


def _active(user, path: str) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [item["key"] for item in navigation(request)["nav_items"] if item["active"]]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["home"]),
        ("/projects/", ["projects"]),
        ("/projects/3/plan/", ["projects"]),
        ("/projects/work-orders/", ["work_orders"]),
        ("/projects/meetings/", ["meetings"]),
        ("/projects/my-schedule/?week=2026-W41", ["schedule"]),
        ("/clients/12/", ["clients"]),
    ],
)
def test_exactly_the_most_specific_entry_is_active(ae, path, expected):
    assert _active(ae, path) == expected


def test_the_daily_summary_is_listed_for_managers_only(ae, mkt_manager):
    keys = lambda user: [item["key"] for item in navigation(_request(user))["nav_items"]]  # noqa: E731
    assert "summary" in keys(mkt_manager) and "summary" not in keys(ae)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request
