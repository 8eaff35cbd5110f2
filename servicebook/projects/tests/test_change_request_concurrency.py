"""Deciding on one plan change at the same moment (PostgreSQL row locks).

The change request row is locked before its approvals are read, so two deciders queue:
the one who comes second sees the first one's approval and applies the change once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.utils import translation

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import make_gm
from servicebook.catalog.models import ServiceLine
from servicebook.core.errors import DomainError
from servicebook.projects.models import ChangeRequest, ChangeRequestStatus, Plan, PlanVersion
from servicebook.projects.services import (
    change_request_create,
    change_request_decide,
    plan_approve,
    plan_generate,
    plan_sign,
)
from servicebook.projects.tests.helpers import project_for

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_START = date(2026, 11, 2)


def _locked_plan(ae: User, manager: User) -> Plan:
    services = list(ServiceLine.objects.filter(code__in=["marketing_planning"]))
    plan = plan_generate(
        actor=ae, project=project_for(ae, services=services), start_on=date(2026, 9, 28)
    )
    plan_approve(actor=manager, plan=plan)
    return plan_sign(actor=ae, plan=plan, signer_name="王经理", signed_on=date(2026, 9, 25))


def _ask(plan: Plan, ae: User) -> ChangeRequest:
    first = plan.tasks.order_by("position", "id").first()
    return change_request_create(
        actor=ae, plan=plan, reason="甲方推迟", impact="顺延", items=[(first, NEW_START, 2)]
    )


def _at_once(deciders: list[User], decide: Callable[[User], object]) -> dict[str, object]:
    """Run ``decide`` for each person in its own thread and connection, released together."""
    start = threading.Barrier(len(deciders))
    outcomes: dict[str, object] = {}

    def run(person: User) -> None:
        translation.activate("en")
        try:
            start.wait()
            outcomes[person.username] = decide(person)
        except DomainError as error:
            outcomes[person.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_the_department_manager_and_the_gm_approving_at_once_apply_the_change_once(
    ae, mkt_manager, gm
):
    plan = _locked_plan(ae, mkt_manager)
    change = _ask(plan, ae)
    _at_once(
        [mkt_manager, gm],
        lambda person: change_request_decide(
            actor=person, change_request=change, decision="approved"
        ),
    )
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    assert change.approvals.count() == 2
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]
    assert plan.tasks.order_by("position", "id").first().start_on == NEW_START


def test_two_gms_giving_the_second_approval_at_once_record_one_and_one_version(ae, mkt_manager, gm):
    deputy = make_gm(username="gm2", full_name="Gm2")
    plan = _locked_plan(ae, mkt_manager)
    change = _ask(plan, ae)
    change_request_decide(actor=mkt_manager, change_request=change, decision="approved")
    outcomes = _at_once(
        [gm, deputy],
        lambda person: change_request_decide(
            actor=person, change_request=change, decision="approved"
        ),
    )
    errors = [o for o in outcomes.values() if isinstance(o, DomainError)]
    assert len(errors) == 1
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    assert change.approvals.filter(role="gm").count() == 1
    assert PlanVersion.objects.filter(plan=plan).count() == 2
