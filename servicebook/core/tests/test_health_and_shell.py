"""The health check and the page shell every signed-in page shares."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_signing_in():
    response = Browser().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_gm_is_warned_that_next_years_official_calendar_is_unknown(gm, ae, settings):
    browser = Browser()
    browser.force_login(gm)
    from datetime import date
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 27)):
        gm_page = browser.get("/").content.decode()
        browser.force_login(ae)
        ae_page = browser.get("/").content.decode()
    assert "2027" in gm_page
    assert "2027" not in ae_page


def test_the_navigation_links_only_to_pages_that_exist(ae):
    browser = Browser()
    browser.force_login(ae)
    html = browser.get("/").content.decode()
    assert 'href="/clients/"' in html
    assert 'href="/pipeline/"' in html
    assert 'href="/summary/"' not in html  # the daily summary is the managers'


def test_managers_find_the_daily_summary_in_the_navigation(mkt_manager):
    browser = Browser()
    browser.force_login(mkt_manager)
    html = browser.get("/").content.decode()
    assert 'href="/pipeline/"' in html
    assert 'href="/summary/"' in html
