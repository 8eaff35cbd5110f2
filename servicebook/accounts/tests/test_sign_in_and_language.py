"""Signing in and out, password change, and the per-person language."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from servicebook.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_person_signs_in_and_lands_on_my_work(ae):
    browser = Browser()
    response = browser.post("/accounts/login/", {"username": "ae1", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert browser.get("/").status_code == 200


def test_a_wrong_password_is_refused_in_chinese(ae):
    response = Browser().post("/accounts/login/", {"username": "ae1", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_signing_out_needs_a_post_and_ends_the_session(ae):
    browser = Browser()
    browser.force_login(ae)
    assert browser.post("/accounts/logout/").status_code == 302
    assert browser.get("/").status_code == 302


def test_pages_are_chinese_by_default(ae):
    browser = Browser()
    browser.force_login(ae)
    html = browser.get("/clients/").content.decode()
    assert "客户档案登记本" in html and 'lang="zh-CN"' in html


def test_switching_to_english_is_remembered_for_the_person(ae):
    browser = Browser()
    browser.force_login(ae)
    browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    ae.refresh_from_db()
    assert ae.language == "en"
    other_browser = Browser()  # a new session on another machine
    other_browser.force_login(ae)
    assert "Client register" in other_browser.get("/clients/").content.decode()


def test_a_person_changes_their_password(ae):
    browser = Browser()
    browser.force_login(ae)
    response = browser.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-secret-42",
            "new_password2": "a-much-longer-secret-42",
        },
    )
    assert response.status_code == 302
    ae.refresh_from_db()
    assert ae.check_password("a-much-longer-secret-42")


def test_the_organisation_page_lists_departments_and_roles(ae, mkt_manager):
    browser = Browser()
    browser.force_login(ae)
    html = browser.get("/accounts/organisation/").content.decode()
    assert "营销事业部" in html and mkt_manager.display_name in html


def test_the_sign_in_page_switches_to_english_before_signing_in():
    browser = Browser()
    response = browser.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "Sign in" in browser.get("/accounts/login/").content.decode()
