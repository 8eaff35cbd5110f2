"""The daily contact log and client requests (SPEC §7, §12): every rule tried."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from servicebook.clients.models import Contact
from servicebook.clients.tests.helpers import register
from servicebook.communications.models import ClientRequest, ContactLog
from servicebook.communications.permissions import (
    may_write_communication,
    speaks_for_agency,
)
from servicebook.communications.selectors.contacts import (
    duration_label,
    figures,
    open_requests,
    responsiveness,
)
from servicebook.communications.services.contacts import (
    client_request_reply,
    client_request_settle,
    contact_log_record,
)
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


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


def _ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


def _log(project: Project, actor, **changes) -> ContactLog:
    fields = {
        "occurred_at": _ago(2),
        "contact_name": "王总",
        "summary": "确认下周开盘时间",
    }
    fields.update(changes)
    return contact_log_record(actor=actor, project=project, **fields)


# ---------------------------------------------------------------- recording a contact


def test_a_contact_is_logged_by_phone_with_each_request_line_raised_at_the_contact(project, ae):
    when = _ago(3)
    log = _log(project, ae, occurred_at=when, requests=["  调整楼书配色 ", "", "   ", "补充价格表"])
    assert log.channel == "phone"
    assert log.logged_by == ae
    requests = list(log.requests.order_by("id"))
    assert [r.text for r in requests] == ["调整楼书配色", "补充价格表"]
    assert all(r.raised_at == when and r.project == project for r in requests)
    assert all(r.created_by == ae and r.first_reply_at is None for r in requests)


def test_choosing_a_client_contact_fills_the_name_from_the_contact(project, ae):
    contact = Contact.objects.get(client=project.client)
    log = _log(project, ae, contact=contact, contact_name="", channel="wechat")
    assert log.contact == contact
    assert log.contact_name == contact.name
    assert log.channel == "wechat"


def test_a_contact_of_another_client_is_refused_and_nothing_is_logged(project, ae):
    stranger = Contact.objects.get(client=register(ae))
    with pytest.raises(DomainError) as error:
        _log(project, ae, contact=stranger, requests=["x"])
    assert error.value.field == "contact_name"
    assert not ContactLog.objects.exists()
    assert not ClientRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_at": timezone.now() + timedelta(hours=1)}, "occurred_at"),
        ({"contact_name": "  "}, "contact_name"),
        ({"contact_name": "名" * 51}, "contact_name"),
        ({"summary": " "}, "summary"),
        ({"channel": "pigeon"}, "channel"),
        ({"requests": [f"要求{i}" for i in range(21)]}, "requests"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_logged(project, ae, changes, field):
    with pytest.raises(DomainError) as error:
        _log(project, ae, **{"requests": ["要求"], **changes})
    assert error.value.field == field
    assert str(error.value.message)
    assert not ContactLog.objects.exists()
    assert not ClientRequest.objects.exists()


@pytest.mark.parametrize("persona", ["ae", "designer", "mkt_manager", "gm"])
def test_the_lead_the_team_the_department_manager_and_the_gm_log_contacts(
    persona, request, project
):
    log = _log(project, request.getfixturevalue(persona))
    assert log.pk


@pytest.mark.parametrize("persona", ["other_ae", "outsider", "ka_manager"])
def test_people_off_the_project_cannot_log_contacts(persona, request, project):
    with pytest.raises(PermissionDenied):
        _log(project, request.getfixturevalue(persona))
    assert not ContactLog.objects.exists()


def test_a_designer_not_on_the_team_cannot_log_contacts(ae, designer):
    project = project_for(ae)
    with pytest.raises(PermissionDenied):
        _log(project, designer)


def test_a_closed_project_takes_no_new_contact(project, ae):
    Project.objects.filter(pk=project.pk).update(status="closed")  # TEST SETUP
    with pytest.raises(DomainError, match="closed"):
        _log(project, ae)
    assert not ContactLog.objects.exists()


# ---------------------------------------------------------------- replying and settling


@pytest.fixture
def client_request(project, ae) -> ClientRequest:
    log = _log(project, ae, occurred_at=_ago(5), requests=["提供竞品价格"])
    return log.requests.get()


def test_the_first_reply_is_recorded_with_who_and_when(client_request, designer):
    before = timezone.now()
    replied = client_request_reply(actor=designer, request=client_request, reply=" 已发邮件 ")
    replied.refresh_from_db()
    assert replied.reply == "已发邮件"
    assert replied.first_reply_by == designer
    assert before <= replied.first_reply_at <= timezone.now()
    assert replied.settled_at is None


def test_a_second_reply_is_refused_and_the_first_one_is_kept(client_request, ae):
    first = _ago(1)
    client_request_reply(actor=ae, request=client_request, reply="第一次", replied_at=first)
    with pytest.raises(DomainError, match="already answered"):
        client_request_reply(actor=ae, request=client_request, reply="第二次")
    client_request.refresh_from_db()
    assert (client_request.reply, client_request.first_reply_at) == ("第一次", first)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"replied_at": "before"}, "replied_at"),
        ({"replied_at": "future"}, "replied_at"),
        ({"reply": "   "}, "reply"),
    ],
)
def test_a_bad_reply_is_refused_and_nothing_changes(client_request, ae, changes, field):
    moments = {
        "before": client_request.raised_at - timedelta(minutes=1),
        "future": timezone.now() + HOUR,
    }
    kwargs = {"reply": "已回复", **changes}
    if "replied_at" in changes:
        kwargs["replied_at"] = moments[changes["replied_at"]]
    with pytest.raises(DomainError) as error:
        client_request_reply(actor=ae, request=client_request, **kwargs)
    assert error.value.field == field
    client_request.refresh_from_db()
    assert client_request.first_reply_at is None and client_request.reply == ""


@pytest.mark.parametrize("persona", ["other_ae", "outsider", "ka_manager"])
def test_people_off_the_project_cannot_reply_or_settle(persona, request, client_request, ae):
    person = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        client_request_reply(actor=person, request=client_request, reply="x")
    client_request_reply(actor=ae, request=client_request, reply="已回复")
    with pytest.raises(PermissionDenied):
        client_request_settle(actor=person, request=client_request)
    client_request.refresh_from_db()
    assert client_request.settled_at is None


def test_a_request_is_settled_only_after_a_reply_and_only_once(client_request, ae):
    with pytest.raises(DomainError, match="reply"):
        client_request_settle(actor=ae, request=client_request)
    client_request_reply(actor=ae, request=client_request, reply="已回复")
    settled = client_request_settle(actor=ae, request=client_request)
    assert settled.settled_at is not None
    with pytest.raises(DomainError, match="already settled"):
        client_request_settle(actor=ae, request=client_request)


# ---------------------------------------------------------------- waiting and responsiveness


def test_open_requests_show_how_long_they_waited_or_took(project, ae):
    log = _log(project, ae, occurred_at=_ago(30), requests=["甲", "乙", "丙"])
    waiting, answered, settled = log.requests.order_by("id")
    client_request_reply(actor=ae, request=answered, reply="好", replied_at=_ago(27))
    client_request_reply(actor=ae, request=settled, reply="好", replied_at=_ago(29))
    client_request_settle(actor=ae, request=settled)
    rows = open_requests(project, timezone.now())
    assert [r.pk for r in rows] == [waiting.pk, answered.pk]
    assert rows[0].answered is False and rows[0].wait_label == "1 d 6 h"
    assert rows[1].answered is True and rows[1].wait_label == "3 h"


def test_responsiveness_gives_the_median_and_longest_hours_to_a_first_reply(project, ae):
    log = _log(project, ae, occurred_at=_ago(48), requests=["1", "2", "3", "4"])
    one, two, three, _unanswered = log.requests.order_by("id")
    for req, hours in ((one, 2), (two, 5), (three, 20)):
        raised = req.raised_at
        client_request_reply(actor=ae, request=req, reply="好", replied_at=raised + hours * HOUR)
    other = project_for(ae)  # another project's requests do not count
    _log(other, ae, requests=["别的"])
    result = responsiveness(project, timezone.now())
    assert (result.requests, result.answered, result.unanswered) == (4, 3, 1)
    assert result.median_hours == 5.0
    assert result.longest_hours == 20.0
    assert result.oldest_waiting_hours == pytest.approx(48.0, abs=0.1)


def test_responsiveness_without_requests_says_nothing_rather_than_zero(project):
    result = responsiveness(project, timezone.now())
    assert result.requests == result.answered == result.unanswered == 0
    assert result.median_hours is None and result.longest_hours is None


def test_figures_take_the_middle_of_an_even_number_of_replies():
    start = timezone.now()
    rows = [(start, start + HOUR), (start, start + 3 * HOUR)]
    assert figures(rows, start).median_hours == 2.0


@pytest.mark.parametrize(
    ("span", "label"),
    [
        (timedelta(minutes=0), "0 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(hours=5, minutes=59), "5 h"),
        (timedelta(days=2), "2 days"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=2, hours=3), "2 d 3 h"),
    ],
)
def test_a_wait_reads_in_minutes_hours_or_days(span, label):
    assert duration_label(span) == label


# ---------------------------------------------------------------- the shared predicates


def test_who_may_write_communication_and_who_speaks_for_agency(
    project, ae, designer, mkt_manager, ka_manager, gm, other_ae, outsider
):
    table = {
        ae: (True, True),  # the lead
        mkt_manager: (True, True),  # the project's department manager
        gm: (True, True),
        ka_manager: (False, False),  # another department's manager
        other_ae: (False, False),
        outsider: (False, False),
    }
    for person, (write, send) in table.items():
        assert may_write_communication(person, project, on_team=False) is write, person
        assert speaks_for_agency(person, project) is send, person
    # A team member writes but does not send.
    assert may_write_communication(designer, project, on_team=True) is True
    assert speaks_for_agency(designer, project) is False
    designer.is_active = False
    assert may_write_communication(designer, project, on_team=True) is False
