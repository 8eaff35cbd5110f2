"""Two managers deciding on one quote: exactly one decision is recorded per revision."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from servicebook.core.errors import DomainError
from servicebook.sales import services
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import QuoteApproval
from servicebook.sales.tests.quote_setup import a_line, a_quote, put_at, quotable_client


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages are matched in English here; other tests prove they read in Chinese."""
    with translation.override("en"):
        yield


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_approving_at_once_record_exactly_one_approval(ae, mkt_manager, gm):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(manager):
        translation.activate("en")  # each thread has its own active language
        try:
            start.wait()
            outcomes[manager.username] = services.quote_approve(actor=manager, quote=quote)
        except DomainError as error:
            outcomes[manager.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in (mkt_manager, gm)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    approvals = list(QuoteApproval.objects.filter(quote=quote))
    assert len(approvals) == 1
    errors = [o for o in outcomes.values() if isinstance(o, DomainError)]
    assert len(errors) == 1
    assert "not waiting for approval" in str(errors[0].message)
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.APPROVED
    assert quote.status_changes.filter(to_status=QuoteStatus.APPROVED).count() == 1


@pytest.mark.django_db
def test_a_second_decision_on_the_same_revision_is_refused(ae, mkt_manager, gm):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    services.quote_approve(actor=mkt_manager, quote=quote)
    with pytest.raises(DomainError, match="not waiting for approval"):
        services.quote_reject(actor=gm, quote=quote, comment="不同意")
    assert QuoteApproval.objects.filter(quote=quote).count() == 1


@pytest.mark.django_db
def test_the_database_keeps_one_decision_per_revision_when_the_status_check_is_bypassed(
    ae, mkt_manager, gm
):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    services.quote_approve(actor=mkt_manager, quote=quote)
    put_at(quote, QuoteStatus.SUBMITTED)  # as if the status check had raced
    with pytest.raises(DomainError, match="already decided"):
        services.quote_approve(actor=gm, quote=quote)
    assert QuoteApproval.objects.filter(quote=quote).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteApproval.objects.create(
            quote=quote, revision=quote.revision, decision="approved", decided_by=gm
        )


@pytest.mark.django_db
def test_after_an_edit_the_new_revision_needs_and_gets_its_own_decision(ae, mkt_manager):
    quote = a_quote(ae, quotable_client(ae))
    services.quote_submit(actor=ae, quote=quote)
    services.quote_reject(actor=mkt_manager, quote=quote, comment="太贵")
    services.quote_update(actor=ae, quote=quote, title="降价", lines=[a_line("8000.00")])
    quote.refresh_from_db()
    assert quote.revision == 2
    services.quote_submit(actor=ae, quote=quote)
    services.quote_approve(actor=mkt_manager, quote=quote)
    assert list(
        QuoteApproval.objects.filter(quote=quote)
        .order_by("revision")
        .values_list("revision", "decision")
    ) == [(1, "rejected"), (2, "approved")]
