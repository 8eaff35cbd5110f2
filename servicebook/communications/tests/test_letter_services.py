"""Consultation letters (咨询函, SPEC §7): drafting, sending, answering, withdrawing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation

from servicebook.clients.models import Contact
from servicebook.clients.tests.helpers import register
from servicebook.communications.models import ConsultationLetter, LetterStatus
from servicebook.communications.models.letters import LetterStatusChange
from servicebook.communications.selectors.letters import mark_lateness, overdue_letters
from servicebook.communications.services.letters import (
    LETTER_WORKFLOW,
    answer_due_on,
    letter_draft,
    letter_mark_sent,
    letter_record_answer,
    letter_update,
    letter_withdraw,
)
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.models import Sequence
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db
L = LetterStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def project(ae, gm, designer) -> Project:
    """A project led by ``ae`` (Marketing Business) with ``designer`` on the team."""
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    return project


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def _draft(project: Project, actor, **changes) -> ConsultationLetter:
    fields = {"addressee_name": "王总", "subject": "开盘价格确认", "body": "请确认一期开盘均价。"}
    fields.update(changes)
    return letter_draft(actor=actor, project=project, **fields)


@pytest.fixture
def draft(project, designer) -> ConsultationLetter:
    return _draft(project, designer)


def _sent(project, actor, sent_at: datetime | None = None, **changes) -> ConsultationLetter:
    return letter_mark_sent(actor=actor, letter=_draft(project, actor, **changes), sent_at=sent_at)


# ---------------------------------------------------------------- the table


def test_the_letter_workflow_allows_exactly_send_answer_and_withdraw_a_draft():
    assert LETTER_WORKFLOW.moves == {
        (L.DRAFT, L.SENT),
        (L.SENT, L.ANSWERED),
        (L.DRAFT, L.WITHDRAWN),
    }


# ---------------------------------------------------------------- drafting


def test_a_team_member_drafts_a_letter_to_a_client_contact(project, designer):
    contact = Contact.objects.get(client=project.client)
    letter = _draft(project, designer, addressee=contact, addressee_name="", answer_days=5)
    assert letter.status == L.DRAFT and letter.number == ""
    assert letter.addressee_name == contact.name
    assert letter.created_by == designer and letter.answer_days == 5
    assert letter.sent_at is None and letter.answer_due_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"addressee_name": " "}, "addressee_name"),
        ({"subject": ""}, "subject"),
        ({"subject": "题" * 201}, "subject"),
        ({"body": "  "}, "body"),
        ({"answer_days": 0}, "answer_days"),
        ({"answer_days": 61}, "answer_days"),
    ],
)
def test_a_bad_draft_is_refused_and_nothing_is_saved(project, ae, changes, field):
    with pytest.raises(DomainError) as error:
        _draft(project, ae, **changes)
    assert error.value.field == field
    assert not ConsultationLetter.objects.exists()


def test_a_letter_to_another_clients_contact_is_refused(project, ae):
    stranger = Contact.objects.get(client=register(ae))
    with pytest.raises(DomainError) as error:
        _draft(project, ae, addressee=stranger)
    assert error.value.field == "addressee_name"
    assert not ConsultationLetter.objects.exists()


@pytest.mark.parametrize("persona", ["other_ae", "outsider", "ka_manager"])
def test_people_off_the_project_cannot_draft(persona, request, project):
    with pytest.raises(PermissionDenied):
        _draft(project, request.getfixturevalue(persona))
    assert not ConsultationLetter.objects.exists()


def test_a_closed_project_takes_no_new_letter(project, ae, draft):
    Project.objects.filter(pk=project.pk).update(status="closed")  # TEST SETUP
    with pytest.raises(DomainError, match="closed"):
        _draft(project, ae)
    with pytest.raises(DomainError, match="closed"):
        letter_mark_sent(actor=ae, letter=draft)
    draft.refresh_from_db()
    assert draft.status == L.DRAFT and draft.number == ""


def test_a_draft_is_changed_but_a_sent_letter_is_not(project, ae, draft):
    kwargs = {"addressee_name": "李总", "subject": "新标题", "body": "新内容", "answer_days": 2}
    letter_update(actor=ae, letter=draft, **kwargs)
    draft.refresh_from_db()
    assert (draft.addressee_name, draft.subject, draft.answer_days) == ("李总", "新标题", 2)
    letter_mark_sent(actor=ae, letter=draft)
    with pytest.raises(DomainError, match="Only a draft"):
        letter_update(actor=ae, letter=draft, **{**kwargs, "subject": "再改"})
    draft.refresh_from_db()
    assert draft.subject == "新标题"


def test_a_bad_change_leaves_the_draft_as_it_was(ae, draft):
    with pytest.raises(DomainError):
        letter_update(actor=ae, letter=draft, addressee_name="李总", subject=" ", body="新")
    draft.refresh_from_db()
    assert (draft.addressee_name, draft.subject) == ("王总", "开盘价格确认")


def test_someone_off_the_project_cannot_change_a_draft(other_ae, draft):
    with pytest.raises(PermissionDenied):
        letter_update(actor=other_ae, letter=draft, addressee_name="x", subject="x", body="x")


# ---------------------------------------------------------------- sending


def test_sending_numbers_the_letter_and_sets_the_answer_due_date(ae, draft):
    sent = letter_mark_sent(actor=ae, letter=draft, sent_at=_at(2026, 11, 2))
    sent.refresh_from_db()
    assert sent.status == L.SENT
    assert sent.number == "ZX-2026-0001"
    assert (sent.sent_by, sent.sent_at) == (ae, _at(2026, 11, 2))
    # Monday 11-02: day 1 is Tuesday 11-03, day 3 Thursday 11-05.
    assert sent.answer_due_on == date(2026, 11, 5)
    change = LetterStatusChange.objects.get(letter=sent)
    assert (change.from_status, change.to_status, change.actor) == (L.DRAFT, L.SENT, ae)


def test_a_letter_sent_before_national_day_is_due_after_the_holiday(ae, draft):
    """Sent 2026-09-29 with 3 days: 09-30 is day 1, 10-08 day 2, 10-09 day 3."""
    sent = letter_mark_sent(actor=ae, letter=draft, sent_at=_at(2026, 9, 29))
    assert sent.answer_due_on == date(2026, 10, 9)


@pytest.mark.parametrize(
    ("sent_on", "days", "due"),
    [
        (date(2026, 9, 29), 3, date(2026, 10, 9)),
        (date(2026, 9, 29), 1, date(2026, 9, 30)),
        (date(2026, 9, 30), 1, date(2026, 10, 8)),  # the next working day is after the holiday
        (date(2026, 10, 3), 2, date(2026, 10, 9)),  # sent during the holiday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # sent on a Friday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # sent on a Saturday
    ],
)
def test_the_answer_is_due_in_working_days_from_the_next_working_day(sent_on, days, due):
    assert answer_due_on(sent_on, days) == due


def test_numbers_run_per_year_of_sending_without_gaps(project, ae):
    first = _sent(project, ae, _at(2026, 3, 2))
    second = _sent(project, ae, _at(2026, 3, 3))
    assert (first.number, second.number) == ("ZX-2026-0001", "ZX-2026-0002")
    older = _sent(project, ae, _at(2025, 12, 30))
    assert older.number == "ZX-2025-0001"


def test_a_rolled_back_sending_returns_its_number(project, ae):
    """The email page sends inside its own transaction; if it fails, the number comes back."""
    letter = _draft(project, ae)
    with pytest.raises(RuntimeError), transaction.atomic():
        letter_mark_sent(actor=ae, letter=letter)
        raise RuntimeError("the email could not be queued")
    letter.refresh_from_db()
    assert letter.status == L.DRAFT and letter.number == "" and letter.sent_at is None
    assert not LetterStatusChange.objects.exists()
    assert letter_mark_sent(actor=ae, letter=letter).number.endswith("-0001")
    assert _sent(project, ae).number.endswith("-0002")
    year = timezone.localdate().year
    assert Sequence.objects.get(series="ZX", year=year).last_number == 2


@pytest.mark.parametrize("persona", ["designer", "other_ae", "ka_manager"])
def test_only_the_lead_or_a_manager_sends(persona, request, draft):
    with pytest.raises(PermissionDenied):
        letter_mark_sent(actor=request.getfixturevalue(persona), letter=draft)
    draft.refresh_from_db()
    assert draft.status == L.DRAFT and draft.number == ""
    assert not Sequence.objects.filter(series="ZX").exists()


@pytest.mark.parametrize("persona", ["mkt_manager", "gm"])
def test_the_department_manager_or_the_gm_may_send(persona, request, draft):
    assert letter_mark_sent(actor=request.getfixturevalue(persona), letter=draft).number


def test_a_letter_cannot_be_sent_in_the_future_or_twice(ae, draft):
    with pytest.raises(DomainError) as error:
        letter_mark_sent(actor=ae, letter=draft, sent_at=timezone.now() + timedelta(hours=1))
    assert error.value.field == "sent_at"
    draft.refresh_from_db()
    assert draft.status == L.DRAFT and draft.number == ""
    letter_mark_sent(actor=ae, letter=draft)
    with pytest.raises(DomainError, match="Cannot move"):
        letter_mark_sent(actor=ae, letter=draft)
    draft.refresh_from_db()
    assert draft.number.endswith("-0001")


# ---------------------------------------------------------------- the client's answer


@pytest.fixture
def sent(project, ae) -> ConsultationLetter:
    return _sent(project, ae, _at(2026, 11, 2))


def test_a_team_member_records_the_clients_answer(sent, designer):
    answered = letter_record_answer(
        actor=designer, letter=sent, answer=" 同意 ", answered_at=_at(2026, 11, 4)
    )
    answered.refresh_from_db()
    assert answered.status == L.ANSWERED
    assert (answered.answer, answered.answer_recorded_by) == ("同意", designer)
    assert answered.answered_at == _at(2026, 11, 4)
    assert list(sent.status_changes.order_by("id").values_list("to_status", flat=True)) == [
        L.SENT,
        L.ANSWERED,
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"answer": "  "}, "answer"),
        ({"answered_at": "before"}, "answered_at"),
        ({"answered_at": "future"}, "answered_at"),
    ],
)
def test_a_bad_answer_is_refused_and_the_letter_still_waits(sent, ae, changes, field):
    moments = {"before": _at(2026, 11, 1), "future": timezone.now() + timedelta(hours=1)}
    kwargs = {"answer": "同意", **changes}
    if "answered_at" in changes:
        kwargs["answered_at"] = moments[changes["answered_at"]]
    with pytest.raises(DomainError) as error:
        letter_record_answer(actor=ae, letter=sent, **kwargs)
    assert error.value.field == field
    sent.refresh_from_db()
    assert sent.status == L.SENT and sent.answer == "" and sent.answered_at is None


def test_a_draft_has_no_answer_to_record(ae, draft):
    with pytest.raises(DomainError, match="Cannot move"):
        letter_record_answer(actor=ae, letter=draft, answer="同意")


def test_someone_off_the_project_cannot_record_an_answer(sent, outsider):
    with pytest.raises(PermissionDenied):
        letter_record_answer(actor=outsider, letter=sent, answer="同意")


# ---------------------------------------------------------------- withdrawing


def test_the_lead_withdraws_a_draft_saying_why(ae, draft):
    letter_withdraw(actor=ae, letter=draft, note="电话已确认")
    draft.refresh_from_db()
    assert draft.status == L.WITHDRAWN and draft.number == ""
    change = draft.status_changes.get()
    assert (change.to_status, change.note, change.actor) == (L.WITHDRAWN, "电话已确认", ae)
    with pytest.raises(DomainError, match="Cannot move"):
        letter_mark_sent(actor=ae, letter=draft)


def test_a_team_member_cannot_withdraw_and_a_sent_letter_cannot_be_withdrawn(
    designer, ae, draft, sent
):
    with pytest.raises(PermissionDenied):
        letter_withdraw(actor=designer, letter=draft)
    with pytest.raises(DomainError, match="Cannot move"):
        letter_withdraw(actor=ae, letter=sent)
    sent.refresh_from_db()
    assert sent.status == L.SENT


# ---------------------------------------------------------------- overdue


def test_overdue_letters_are_sent_unanswered_and_past_their_due_day(project, ae, other_ae, gm):
    late = _sent(project, ae, _at(2026, 11, 2))  # due 11-05
    later = _sent(project, ae, _at(2026, 11, 9))  # due 11-12
    due_today = _sent(project, ae, _at(2026, 11, 13))  # due 11-18
    answered = _sent(project, ae, _at(2026, 11, 2))
    letter_record_answer(actor=ae, letter=answered, answer="好")
    _draft(project, ae)
    today = date(2026, 11, 18)
    assert due_today.answer_due_on == today
    assert list(overdue_letters(ae, today)) == [late, later]
    assert list(overdue_letters(gm, today)) == [late, later]
    assert list(overdue_letters(other_ae, today)) == []


def test_lateness_counts_working_days_after_the_due_day(project, ae):
    late = _sent(project, ae, _at(2026, 9, 29))  # due 10-09 (Friday)
    on_time = _sent(project, ae, _at(2026, 10, 12))  # due 10-15
    rows = mark_lateness([late, on_time], date(2026, 10, 13))
    # 10-10 is a make-up working Saturday, 10-12 and 10-13 working days.
    assert (rows[0].is_late, rows[0].late_days) == (True, 3)
    assert (rows[1].is_late, rows[1].late_days) == (False, 0)
