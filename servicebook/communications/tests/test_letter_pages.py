"""Consultation letter pages: who sees and acts, drafting to answering, overdue, queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from servicebook.accounts.models import User
from servicebook.communications.models import ConsultationLetter, LetterStatus
from servicebook.communications.services.letters import (
    letter_draft,
    letter_mark_sent,
    letter_record_answer,
)
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db
L = LetterStatus

# session, user, job roles, managed departments, project, letter count, letter counts by
# status, the page's rows (ids in a subquery), the calendar of the overdue ones, my post on
# the team, the client's contacts (the form), the top bar's department, notifications. The
# calendar is read once for all the overdue rows (and not at all when none is overdue).
LETTERS_PAGE_QUERIES = 13
# session, user, job roles, managed departments, project, letter, the calendar (it is
# overdue), its history, my post on the team, the top bar's department, notifications.
LETTER_PAGE_QUERIES = 11


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


def _at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10))


def _draft(project: Project, actor: User, subject: str = "开盘价格确认") -> ConsultationLetter:
    return letter_draft(
        actor=actor, project=project, addressee_name="王总", subject=subject, body="请确认均价。"
    )


def _sent(project: Project, actor: User, when: datetime) -> ConsultationLetter:
    return letter_mark_sent(actor=actor, letter=_draft(project, actor), sent_at=when)


def _list(project: Project, query: str = "") -> str:
    return f"/projects/{project.pk}/letters/{query}"


def _one(letter: ConsultationLetter, tail: str = "") -> str:
    return f"/projects/{letter.project_id}/letters/{letter.pk}/{tail}"


def _letter_form(**changes) -> dict:
    data = {
        "addressee": "",
        "addressee_name": "王总",
        "subject": "样板间开放日期",
        "body": "请书面确认样板间开放日期。",
        "answer_days": "3",
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- who sees it


@pytest.mark.parametrize("persona", ["outsider", "ka_manager", "other_ae"])
def test_someone_who_cannot_see_the_project_gets_404_everywhere(persona, request, project, ae):
    draft = _draft(project, ae)
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(_list(project)).status_code == 404
    assert browser.post(_list(project, "draft/"), _letter_form()).status_code == 404
    assert browser.get(_one(draft)).status_code == 404
    for tail in ("edit/", "send/", "answer/", "withdraw/"):
        assert browser.post(_one(draft, tail), _letter_form()).status_code == 404, tail
    draft.refresh_from_db()
    assert draft.status == L.DRAFT and ConsultationLetter.objects.count() == 1


def test_a_letter_of_another_project_is_404_under_this_one(project, ae):
    other = _draft(project_for(ae), ae)
    browser = _browser(ae)
    assert browser.get(f"/projects/{project.pk}/letters/{other.pk}/").status_code == 404
    assert browser.post(f"/projects/{project.pk}/letters/{other.pk}/send/").status_code == 404
    other.refresh_from_db()
    assert other.status == L.DRAFT


# ---------------------------------------------------------------- drafting from the page


def test_a_team_member_drafts_a_letter_and_lands_on_it(project, designer):
    browser = _browser(designer)
    page = browser.get(_list(project))
    assert page.context["form"]["answer_days"].value() == 3
    assert "No consultation letter on this project yet." in page.content.decode()
    response = browser.post(_list(project, "draft/"), _letter_form())
    letter = ConsultationLetter.objects.get()
    assert response.status_code == 302 and response["Location"] == _one(letter)
    assert (letter.subject, letter.created_by, letter.status) == (
        "样板间开放日期",
        designer,
        L.DRAFT,
    )


def test_a_bad_draft_shows_the_error_keeps_the_text_and_saves_nothing(project, ae):
    response = _browser(ae).post(_list(project, "draft/"), _letter_form(answer_days="0"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请书面确认样板间开放日期。" in html
    assert "greater than or equal to 1" in html
    assert not ConsultationLetter.objects.exists()


# ---------------------------------------------------------------- actions per status and person


def test_on_a_draft_the_lead_may_edit_send_and_withdraw(project, ae):
    context = _browser(ae).get(_one(_draft(project, ae))).context
    assert context["edit_form"] and context["send_form"] and context["withdraw_form"]
    assert context["answer_form"] is None


def test_on_a_draft_a_team_member_may_edit_but_not_send(project, ae, designer):
    draft = _draft(project, ae)
    browser = _browser(designer)
    context = browser.get(_one(draft)).context
    assert context["edit_form"] and context["send_form"] is None
    assert context["withdraw_form"] is None
    assert browser.post(_one(draft, "send/")).status_code == 403
    assert browser.post(_one(draft, "withdraw/")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == L.DRAFT and draft.number == ""


def test_the_department_manager_sends_from_the_page(project, ae, mkt_manager):
    draft = _draft(project, ae)
    response = _browser(mkt_manager).post(_one(draft, "send/"), {"sent_at": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == L.SENT and draft.number.startswith("ZX-")
    assert draft.sent_by == mkt_manager and draft.answer_due_on is not None


def test_a_send_in_the_future_is_refused_beside_the_field(project, ae):
    draft = _draft(project, ae)
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = _browser(ae).post(_one(draft, "send/"), {"sent_at": later})
    assert response.status_code == 400
    assert "The letter cannot be sent in the future." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == L.DRAFT and draft.number == ""


def test_editing_a_draft_from_the_page(project, ae):
    draft = _draft(project, ae)
    form = _letter_form(subject="改过的标题")
    assert _browser(ae).post(_one(draft, "edit/"), form).status_code == 302
    draft.refresh_from_db()
    assert draft.subject == "改过的标题"


def test_a_sent_letter_offers_only_the_answer_and_refuses_edits(project, ae, designer):
    sent = _sent(project, ae, _at(2026, 11, 2))
    browser = _browser(designer)
    context = browser.get(_one(sent)).context
    assert context["answer_form"] and context["edit_form"] is None
    assert context["send_form"] is None and context["withdraw_form"] is None
    edit = browser.post(_one(sent, "edit/"), _letter_form(subject="改"))
    assert edit.status_code == 400
    assert "Only a draft can be changed" in edit.content.decode()
    answer = {"answer": "同意按此均价开盘", "answered_at": ""}
    assert browser.post(_one(sent, "answer/"), answer).status_code == 302
    sent.refresh_from_db()
    assert sent.status == L.ANSWERED and sent.answer_recorded_by == designer
    html = browser.get(_one(sent)).content.decode()
    assert "同意按此均价开盘" in html and "What you can do" not in html


def test_the_lead_withdraws_a_draft_from_the_page(project, ae):
    draft = _draft(project, ae)
    assert _browser(ae).post(_one(draft, "withdraw/"), {"note": "电话已确认"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == L.WITHDRAWN
    assert "电话已确认" in _browser(ae).get(_one(draft)).content.decode()


# ---------------------------------------------------------------- overdue


def test_overdue_letters_are_red_with_the_working_days_late(project, ae):
    late = _sent(project, ae, _at(2026, 9, 29))  # due 2026-10-09
    on_time = _sent(project, ae, _at(2026, 10, 12))  # due 2026-10-15
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 10, 13)):
        response = _browser(ae).get(_list(project))
        overdue = _browser(ae).get(_list(project, "?status=overdue"))
    rows = {letter.pk: letter for letter in response.context["page"].object_list}
    assert (rows[late.pk].is_late, rows[late.pk].late_days) == (True, 3)
    assert rows[on_time.pk].is_late is False
    assert response.context["counts"]["overdue"] == 1
    html = response.content.decode()
    assert "3 working days late" in html and 'class="badge badge-red">Overdue' in html
    assert [x.pk for x in overdue.context["page"].object_list] == [late.pk]


def test_overdue_letters_surface_on_my_work(project, ae, other_ae):
    late = _sent(project, ae, _at(2026, 9, 29))
    answered = _sent(project, ae, _at(2026, 9, 29))
    letter_record_answer(actor=ae, letter=answered, answer="好", answered_at=_at(2026, 10, 8))
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 10, 13)):
        mine = _browser(ae).get("/")
        theirs = _browser(other_ae).get("/")
    assert list(mine.context["overdue_letters"]) == [late]
    html = mine.content.decode()
    assert late.number in html and f"/projects/{project.pk}/letters/{late.pk}/" in html
    assert list(theirs.context["overdue_letters"]) == []
    assert "Consultation letters overdue" not in theirs.content.decode()


# ---------------------------------------------------------------- query counts


def _fill(project: Project, ae: User, n: int) -> None:
    """Drafts, waiting, overdue and answered letters in turn."""
    for i in range(n):
        kind = i % 4
        if kind == 0:
            _draft(project, ae, subject=f"草稿{i}")
        elif kind == 1:
            _sent(project, ae, timezone.now() - timedelta(minutes=5))
        elif kind == 2:
            _sent(project, ae, timezone.now() - timedelta(days=30))
        else:
            letter = _sent(project, ae, timezone.now() - timedelta(days=30))
            letter_record_answer(actor=ae, letter=letter, answer="好")


def test_the_letters_page_costs_the_same_queries_for_3_or_30_letters(project, ae):
    _fill(project, ae, 3)
    browser = _browser(ae)
    small = _queries(browser, _list(project))
    _fill(project, ae, 27)
    assert _queries(browser, _list(project)) == small == LETTERS_PAGE_QUERIES


def test_the_letter_page_has_a_pinned_query_count(project, ae):
    letter = _sent(project, ae, timezone.now() - timedelta(days=30))
    assert _queries(_browser(ae), _one(letter)) == LETTER_PAGE_QUERIES
