"""A random crowd works on quotes through the services and the pages; after every step:
nothing reaches the client unapproved, nobody approves their own quote, and the status
history tells the quote's whole story."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar
from unittest import mock

import pytest
from django.test import Client as Browser
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from servicebook.accounts.models import User
from servicebook.core.errors import DomainError
from servicebook.sales import services
from servicebook.sales.choices import CLIENT_VISIBLE_QUOTE_STATUSES, QuoteStatus
from servicebook.sales.models import Quote, QuoteApproval
from servicebook.sales.quote_selectors import PREVIEW_WATERMARK
from servicebook.sales.tests.quote_setup import a_line, a_quote, quotable_client
from servicebook.sales.workflows import QUOTE_WORKFLOW

PERSONAS = ["ae", "other_ae", "mkt_manager", "ka_manager", "gm"]
AUTHORS = ["ae", "mkt_manager", "gm"]
SENT_OR_LATER = {QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED}
prices = st.integers(min_value=0, max_value=10**9).map(lambda fen: Decimal(fen) / 100)


def may_decide(user: User, quote: Quote) -> bool:
    """The rule restated independently: GM or the client's department manager, not the author."""
    if user.pk == quote.author_id:
        return False
    return user.is_general_manager or quote.client.department.manager_id == user.pk


class QuoteWork(RuleBasedStateMachine):
    """One client of ``ae`` in Marketing; quotes and their new versions worked on at random."""

    people: ClassVar[dict[str, User]] = {}
    browsers: ClassVar[dict[str, Browser]] = {}
    pdf_watermarks: ClassVar[list[Any]] = []

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[Quote] = []

    @initialize(author=st.sampled_from(AUTHORS))
    def write_a_quote(self, author: str) -> None:
        client = quotable_client(self.people["ae"])
        self.quotes.append(a_quote(self.people[author], client))

    @property
    def current(self) -> Quote:
        quote = self.quotes[-1]
        quote.refresh_from_db()
        return quote

    def attempt(self, service: Any, persona: str, **kwargs: Any) -> Any:
        try:
            return service(actor=self.people[persona], quote=self.current, **kwargs)
        except DomainError:
            return None

    @rule(persona=st.sampled_from(PERSONAS), price=prices, discount=prices)
    def edit(self, persona: str, price: Decimal, discount: Decimal) -> None:
        lines = [a_line(f"{price:.2f}")]
        self.attempt(services.quote_update, persona, title="改", lines=lines, discount=discount)

    @rule(persona=st.sampled_from(PERSONAS))
    def submit(self, persona: str) -> None:
        self.attempt(services.quote_submit, persona)

    @rule(persona=st.sampled_from(PERSONAS))
    def withdraw(self, persona: str) -> None:
        self.attempt(services.quote_withdraw, persona)

    @rule(persona=st.sampled_from(PERSONAS))
    def approve(self, persona: str) -> None:
        self.attempt(services.quote_approve, persona, comment="同意")

    @rule(persona=st.sampled_from(PERSONAS), comment=st.sampled_from(["", "太贵"]))
    def reject(self, persona: str, comment: str) -> None:
        self.attempt(services.quote_reject, persona, comment=comment)

    @rule(persona=st.sampled_from(PERSONAS))
    def mark_sent(self, persona: str) -> None:
        self.attempt(services.quote_mark_sent, persona)

    @rule(persona=st.sampled_from(PERSONAS))
    def accept(self, persona: str) -> None:
        self.attempt(services.quote_mark_accepted, persona)

    @rule(persona=st.sampled_from(PERSONAS))
    def decline(self, persona: str) -> None:
        self.attempt(services.quote_mark_declined, persona)

    @rule(persona=st.sampled_from(PERSONAS))
    def new_version(self, persona: str) -> None:
        if (new := self.attempt(services.quote_new_version, persona)) is not None:
            self.quotes.append(new)

    @rule(decider=st.sampled_from(["mkt_manager", "gm"]), accept=st.booleans())
    def advance(self, decider: str, accept: bool) -> None:
        """The natural next step by someone who may take it (random rules mostly fail)."""
        quote = self.current
        if self.people[decider].pk == quote.author_id:
            decider = "gm" if decider == "mkt_manager" else "mkt_manager"
        step = {
            QuoteStatus.DRAFT: (services.quote_submit, "ae"),
            QuoteStatus.SUBMITTED: (services.quote_approve, decider),
            QuoteStatus.APPROVED: (services.quote_mark_sent, "ae"),
            QuoteStatus.SENT: (
                services.quote_mark_accepted if accept else services.quote_mark_declined,
                "ae",
            ),
        }.get(quote.status)
        if step is not None:
            self.attempt(step[0], step[1])

    @rule(persona=st.sampled_from(PERSONAS), which=st.integers(min_value=0, max_value=20))
    def print_it(self, persona: str, which: int) -> None:
        quote = self.quotes[which % len(self.quotes)]
        response = self.browsers[persona].get(f"/quotes/{quote.pk}/print/")
        if response.status_code == 404:
            return
        quote.refresh_from_db()
        html = response.content.decode()
        shown = quote.status in CLIENT_VISIBLE_QUOTE_STATUSES
        assert (PREVIEW_WATERMARK not in html) == shown
        assert ('class="signatures"' in html) == shown

    @rule(persona=st.sampled_from(PERSONAS), which=st.integers(min_value=0, max_value=20))
    def download_pdf(self, persona: str, which: int) -> None:
        quote = self.quotes[which % len(self.quotes)]
        self.pdf_watermarks.clear()
        response = self.browsers[persona].get(f"/quotes/{quote.pk}/pdf/")
        if response.status_code == 404:
            return
        quote.refresh_from_db()
        preview = quote.status not in CLIENT_VISIBLE_QUOTE_STATUSES
        assert self.pdf_watermarks == [PREVIEW_WATERMARK if preview else None]
        assert ("preview" in response["Content-Disposition"]) == preview

    @invariant()
    def note_where_the_quote_is(self) -> None:
        event(f"status {self.current.status}")

    @invariant()
    def nothing_reaches_the_client_without_an_approval_of_its_current_revision(self) -> None:
        for quote in Quote.objects.filter(pk__in=[q.pk for q in self.quotes]).select_related(
            "client__department"
        ):
            if quote.status in SENT_OR_LATER or quote.status == QuoteStatus.APPROVED:
                approval = QuoteApproval.objects.get(quote=quote, revision=quote.revision)
                assert approval.decision == "approved"
                assert may_decide(approval.decided_by, quote)

    @invariant()
    def nobody_decides_on_a_quote_they_wrote(self) -> None:
        for approval in QuoteApproval.objects.filter(quote__in=[q.pk for q in self.quotes]):
            assert approval.decided_by_id != approval.quote.author_id
            assert may_decide(approval.decided_by, approval.quote)

    @invariant()
    def the_status_history_tells_the_whole_story(self) -> None:
        for quote in Quote.objects.filter(pk__in=[q.pk for q in self.quotes]):
            status = QuoteStatus.DRAFT
            for change in quote.status_changes.order_by("id"):
                assert change.from_status == status
                assert QUOTE_WORKFLOW.allows(change.from_status, change.to_status)
                status = change.to_status
            assert status == quote.status
            if quote.sent_at is None:
                assert quote.status not in SENT_OR_LATER

    @invariant()
    def totals_are_the_subtotal_less_the_discount(self) -> None:
        for quote in Quote.objects.filter(pk__in=[q.pk for q in self.quotes]):
            amounts = [line.amount for line in quote.lines.all()]
            assert quote.subtotal == sum(amounts, Decimal("0.00"))
            assert quote.total == quote.subtotal - quote.discount >= 0


@pytest.mark.django_db
def test_random_work_on_quotes_never_lets_an_unapproved_quote_reach_the_client(
    ae, other_ae, mkt_manager, ka_manager, gm
):
    people = {p.username: p for p in (ae, other_ae, mkt_manager, ka_manager, gm)}
    QuoteWork.people = {
        "ae": people["ae1"],
        "other_ae": people["ae2"],
        "mkt_manager": mkt_manager,
        "ka_manager": ka_manager,
        "gm": gm,
    }
    QuoteWork.browsers = {}
    for name, person in QuoteWork.people.items():
        QuoteWork.browsers[name] = Browser()
        QuoteWork.browsers[name].force_login(person)

    def fake_pdf(template_name: str, context: dict[str, Any], *, watermark: Any = None) -> bytes:
        QuoteWork.pdf_watermarks.append(watermark)
        return b"%PDF-1.7 fake"

    with mock.patch("servicebook.sales.views.quotes.render_pdf", fake_pdf):
        run_state_machine_as_test(
            QuoteWork,
            settings=settings(
                max_examples=40,
                stateful_step_count=20,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=None,
            ),
        )
