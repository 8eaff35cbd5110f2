"""The contact log page: who sees it and who writes on it, logging, replying, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from servicebook.accounts.models import User
from servicebook.clients.models import Contact
from servicebook.communications.models import ClientRequest, ContactLog
from servicebook.communications.services.contacts import (
    client_request_reply,
    contact_log_record,
)
from servicebook.projects.models import Project
from servicebook.projects.services import project_set_lead, team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

# session, user, job roles, managed departments, project, my post on the team, open
# requests, responsiveness, letter counts, log count, the client's contacts (the form), the
# top bar's department, notifications, the page's rows (ids in a subquery), their requests.
CONTACTS_PAGE_QUERIES = 15


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _browser(user: User) -> Browser:
    User.objects.filter(pk=user.pk).update(language="en")
    browser = Browser()
    browser.force_login(user)
    return browser


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def project(ae, gm, designer) -> Project:
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    return project


def _url(project: Project, tail: str = "") -> str:
    return f"/projects/{project.pk}/contacts/{tail}"


def _log(project, actor, hours_ago: float = 2, requests=()) -> ContactLog:
    return contact_log_record(
        actor=actor,
        project=project,
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
        contact_name="王总",
        summary="电话沟通开盘安排",
        requests=list(requests),
    )


def _form(**changes) -> dict:
    data = {
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "contact": "",
        "contact_name": "王总",
        "summary": "确认样板间开放时间",
        "follow_ups": "周五前发方案",
        "requests": "补充户型图\n\n调整报价",
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- who sees it


@pytest.mark.parametrize("persona", ["outsider", "ka_manager", "other_ae"])
def test_someone_who_cannot_see_the_project_gets_404_everywhere(persona, request, project, ae):
    req = _log(project, ae, requests=["补充户型图"]).requests.get()
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(_url(project)).status_code == 404
    assert browser.post(_url(project, "record/"), _form()).status_code == 404
    reply = {f"req-{req.pk}-reply": "好"}
    assert browser.post(_url(project, f"requests/{req.pk}/reply/"), reply).status_code == 404
    assert browser.post(_url(project, f"requests/{req.pk}/settle/")).status_code == 404
    assert ContactLog.objects.count() == 1
    req.refresh_from_db()
    assert req.first_reply_at is None


def test_a_request_of_another_project_is_404(project, ae):
    other = project_for(ae)
    req = _log(other, ae, requests=["别的项目"]).requests.get()
    browser = _browser(ae)
    url = _url(project, f"requests/{req.pk}/reply/")
    assert browser.post(url, {f"req-{req.pk}-reply": "好"}).status_code == 404


def test_the_lead_sees_the_form_with_phone_preselected_and_the_clients_contacts(project, ae):
    contact = Contact.objects.get(client=project.client)
    response = _browser(ae).get(_url(project))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["channel"].value() == "phone"
    assert (contact.pk, contact.name + " ★") in [
        (value, label) for value, label in form.fields["contact"].choices
    ]
    html = response.content.decode()
    assert "No contact with the client logged yet." in html
    assert "No open client request." in html


def test_a_viewer_who_is_not_on_the_project_reads_but_cannot_write(project, ae, other_ae, gm):
    """The client's owner sees the project; once someone else leads it, they only read."""
    project_set_lead(actor=gm, project=project, user=other_ae)
    req = _log(project, other_ae, requests=["补充户型图"]).requests.get()
    browser = _browser(ae)
    response = browser.get(_url(project))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert not hasattr(response.context["requests"][0], "reply_form")
    assert browser.post(_url(project, "record/"), _form()).status_code == 403
    reply = {f"req-{req.pk}-reply": "好"}
    assert browser.post(_url(project, f"requests/{req.pk}/reply/"), reply).status_code == 403
    assert ContactLog.objects.count() == 1


# ---------------------------------------------------------------- writing from the page


def test_a_team_member_logs_a_contact_with_its_requests(project, designer):
    response = _browser(designer).post(_url(project, "record/"), _form())
    assert response.status_code == 302
    log = ContactLog.objects.get()
    assert (log.contact_name, log.channel, log.logged_by) == ("王总", "phone", designer)
    assert set(log.requests.values_list("text", flat=True)) == {"调整报价", "补充户型图"}


def test_choosing_a_contact_needs_no_typed_name(project, ae):
    contact = Contact.objects.get(client=project.client)
    form = _form(contact=str(contact.pk), contact_name="", channel="visit")
    assert _browser(ae).post(_url(project, "record/"), form).status_code == 302
    assert ContactLog.objects.get().contact_name == contact.name


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contact_name": ""}, "Choose the client contact or type the person&#x27;s name."),
        (
            {"occurred_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "The contact cannot be in the future.",
        ),
        ({"summary": ""}, "This field is required."),
    ],
)
def test_a_bad_contact_shows_the_error_keeps_the_input_and_saves_nothing(
    project, ae, changes, message
):
    response = _browser(ae).post(_url(project, "record/"), _form(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "周五前发方案" in html  # what was typed is kept
    assert not ContactLog.objects.exists() and not ClientRequest.objects.exists()


def test_replying_and_settling_from_the_page(project, ae):
    req = _log(project, ae, hours_ago=3, requests=["补充户型图"]).requests.get()
    browser = _browser(ae)
    url = _url(project, f"requests/{req.pk}/reply/")
    assert browser.post(url, {f"req-{req.pk}-reply": "已发送"}).status_code == 302
    req.refresh_from_db()
    assert req.reply == "已发送" and req.first_reply_by == ae
    html = browser.get(_url(project)).content.decode()
    assert "answered in 3 h" in html
    again = browser.post(url, {f"req-{req.pk}-reply": "再次"})
    assert again.status_code == 400
    assert "This request was already answered" in again.content.decode()
    assert browser.post(_url(project, f"requests/{req.pk}/settle/")).status_code == 302
    req.refresh_from_db()
    assert req.settled_at is not None
    assert "No open client request." in browser.get(_url(project)).content.decode()


def test_an_unanswered_request_shows_how_long_it_has_waited(project, ae):
    _log(project, ae, hours_ago=26, requests=["补充户型图"])
    response = _browser(ae).get(_url(project))
    html = response.content.decode()
    assert "waiting 1 d 2 h" in html
    assert response.context["figures"].unanswered == 1


def test_a_reply_before_the_request_shows_the_error_beside_that_request(project, ae):
    req = _log(project, ae, hours_ago=1, requests=["补充户型图"]).requests.get()
    early = (timezone.localtime() - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    data = {f"req-{req.pk}-reply": "已发送", f"req-{req.pk}-replied_at": early}
    response = _browser(ae).post(_url(project, f"requests/{req.pk}/reply/"), data)
    assert response.status_code == 400
    assert "The reply cannot be before the request was raised" in response.content.decode()
    req.refresh_from_db()
    assert req.first_reply_at is None


def test_overdue_letters_are_flagged_on_the_contact_log(project, ae):
    from servicebook.communications.services.letters import letter_draft, letter_mark_sent

    letter = letter_draft(
        actor=ae, project=project, addressee_name="王总", subject="确认", body="?"
    )
    letter_mark_sent(actor=ae, letter=letter, sent_at=timezone.now() - timedelta(days=30))
    html = _browser(ae).get(_url(project)).content.decode()
    assert "1 consultation letter is overdue" in html


# ---------------------------------------------------------------- query counts


def _fill(project: Project, ae: User, n: int) -> None:
    for i in range(n):
        log = _log(project, ae, hours_ago=n - i + 1, requests=[f"要求{i}", f"请求{i}"])
        first = log.requests.order_by("id").first()
        assert first is not None
        client_request_reply(actor=ae, request=first, reply="好")


def test_the_contact_log_page_costs_the_same_queries_for_3_or_30_contacts(project, ae):
    _fill(project, ae, 3)
    browser = _browser(ae)
    small = _queries(browser, _url(project))
    _fill(project, ae, 27)
    assert _queries(browser, _url(project)) == small == CONTACTS_PAGE_QUERIES


def test_a_closed_project_offers_no_new_contact_or_letter_but_replies_still_go(project, ae):
    req = _log(project, ae, requests=["补充户型图"]).requests.get()
    Project.objects.filter(pk=project.pk).update(status="closed")  # TEST SETUP
    browser = _browser(ae)
    response = browser.get(_url(project))
    assert response.context["form"] is None
    assert response.context["requests"][0].reply_form is not None
    assert browser.get(f"/projects/{project.pk}/letters/").context["form"] is None
    refused = browser.post(_url(project, "record/"), _form())
    assert refused.status_code == 400
    assert "This project is closed" in refused.content.decode()
    assert ContactLog.objects.count() == 1
    reply = {f"req-{req.pk}-reply": "已回复"}
    assert browser.post(_url(project, f"requests/{req.pk}/reply/"), reply).status_code == 302
    req.refresh_from_db()
    assert req.reply == "已回复"
