"""The in-app inbox: notifications read in the reader's language and can be marked read."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.utils import translation

from servicebook.accounts.models import Notification, NotificationKind
from servicebook.accounts.services import notify

pytestmark = pytest.mark.django_db


def test_a_notification_reads_in_the_readers_language(ae, mkt_manager):
    [note] = notify(
        [ae],
        NotificationKind.CLIENT_ASSIGNED,
        url="/clients/1/",
        actor="陈经理",
        client="KH-2026-0001 星河置业",
    )
    with translation.override("zh-hans"):
        assert note.text == "陈经理 将客户 KH-2026-0001 星河置业 分配给您跟进。"
    with translation.override("en"):
        assert note.text == "陈经理 assigned client KH-2026-0001 星河置业 to you."


def test_each_recipient_gets_one_notification_and_inactive_people_none(ae, other_ae):
    other_ae.is_active = False
    other_ae.save(update_fields=["is_active"])
    notify(
        [ae, ae, other_ae], NotificationKind.PROJECT_CREATED, project="XM-2026-0001", client="甲"
    )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["ae1"]


def test_the_top_bar_counts_unread_and_opening_one_marks_it_read(ae):
    [note] = notify(
        [ae], NotificationKind.PROJECT_CREATED, url="/projects/", project="XM", client="甲"
    )
    browser = Browser()
    browser.force_login(ae)
    assert 'class="count">1<' in browser.get("/").content.decode()
    response = browser.post("/accounts/notifications/read/", {"id": note.pk, "next": note.url})
    assert response["Location"] == "/projects/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'class="count"' not in browser.get("/").content.decode()


def test_nobody_can_mark_someone_elses_notifications(ae, other_ae):
    [note] = notify([other_ae], NotificationKind.PROJECT_CREATED, project="XM", client="甲")
    browser = Browser()
    browser.force_login(ae)
    browser.post("/accounts/notifications/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None


def test_an_outside_link_is_never_followed(ae):
    browser = Browser()
    browser.force_login(ae)
    response = browser.post("/accounts/notifications/read/", {"next": "//evil.example/"})
    assert response["Location"] == "/accounts/notifications/"
