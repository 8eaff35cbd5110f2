"""The demo agency (SPEC §14): loads on a fresh database, idempotent, every sign-in works."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import Department, StaffRole, User
from servicebook.clients.choices import (
    OPENING_STAGES,
    ClientStatus,
    DuplicateReason,
    Intent,
    PropertyStage,
)
from servicebook.clients.models import Client, Contact, DuplicateLink, PropertyProject
from servicebook.contracts.choices import ContractStatus
from servicebook.demo.agency import (
    DEMO_PASSWORD,
    MANAGERS,
    PEOPLE,
    DemoSummary,
    demo_register,
    load_demo_agency,
)
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import Quote

pytestmark = pytest.mark.django_db

SPEC_SIGN_INS = [
    "gm",
    "cs_manager",
    "mkt_manager",
    "ka_manager",
    "creative_manager",
    "ae1",
    "ae2",
    "planner1",
    "researcher1",
    "designer1",
]


@pytest.fixture
def demo() -> DemoSummary:
    return load_demo_agency(today=date(2026, 11, 27))


def row_counts() -> dict[str, int]:
    models = [User, StaffRole, Client, Contact, PropertyProject, DuplicateLink]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["client history"] = Client.history.count()
    counts["managed departments"] = Department.objects.filter(manager__isnull=False).count()
    return counts


def test_the_demo_agency_loads_on_a_freshly_migrated_database(demo: DemoSummary) -> None:
    assert demo.people_created == len(PEOPLE) == demo.people_total
    assert demo.clients_created == len(demo_register()) == demo.clients_total


def test_loading_the_demo_a_second_time_changes_nothing(demo: DemoSummary) -> None:
    before = row_counts()
    again = load_demo_agency(today=date(2026, 11, 27))
    assert (again.people_created, again.clients_created) == (0, 0)
    assert row_counts() == before


def test_every_sign_in_named_in_the_spec_logs_in_with_the_demo_password(demo: DemoSummary) -> None:
    for username in SPEC_SIGN_INS:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username


def test_every_demo_person_logs_in_with_the_demo_password(demo: DemoSummary) -> None:
    for person in PEOPLE:
        user = authenticate(username=person.username, password=DEMO_PASSWORD)
        assert user is not None, person.username


def test_every_job_role_is_held_by_someone(demo: DemoSummary) -> None:
    held = set(StaffRole.objects.values_list("role", flat=True))
    assert held == set(JobRole.values)


def test_the_agency_has_at_least_fourteen_staff_besides_the_gm_and_the_managers(
    demo: DemoSummary,
) -> None:
    staff = User.objects.exclude(roles__role__in=[JobRole.GM, JobRole.DEPT_MANAGER])
    assert staff.count() >= 14


def test_each_manager_is_the_manager_of_their_own_department(demo: DemoSummary) -> None:
    for person in MANAGERS:
        department = Department.objects.get(code=person.department)
        assert department.manager is not None
        assert department.manager.username == person.username


def test_the_gm_can_use_django_admin_and_the_managers_cannot(demo: DemoSummary) -> None:
    gm = User.objects.get(username="gm")
    assert gm.is_staff and gm.is_superuser and gm.is_general_manager
    managers = User.objects.filter(username__in=[p.username for p in MANAGERS])
    assert not managers.filter(is_staff=True).exists()


def test_one_demo_person_prefers_english(demo: DemoSummary) -> None:
    assert User.objects.filter(language="en").exists()
    assert User.objects.filter(language="zh-hans").exists()


def test_the_register_holds_at_least_forty_clients(demo: DemoSummary) -> None:
    assert Client.objects.count() >= 40


def test_every_client_stage_appears_in_the_register(demo: DemoSummary) -> None:
    assert set(Client.objects.values_list("status", flat=True)) == set(ClientStatus.values)


def test_every_quote_status_appears(demo: DemoSummary) -> None:
    assert set(Quote.objects.values_list("status", flat=True)) == set(QuoteStatus.values)


def test_every_contracted_client_has_a_signed_contract_and_a_project(demo: DemoSummary) -> None:
    contracted = Client.objects.filter(status=ClientStatus.CONTRACTED)
    assert contracted.exists()
    for client in contracted:
        contract = client.contracts.get(status=ContractStatus.SIGNED)
        assert contract.project.client_id == client.pk


def test_the_journey_is_recorded_move_by_move(demo: DemoSummary) -> None:
    moved = Client.objects.exclude(status__in=OPENING_STAGES)
    for client in moved:
        assert client.stage_changes.filter(to_status=client.status).exists()


def test_clients_are_routed_to_customer_service_marketing_and_key_accounts(
    demo: DemoSummary,
) -> None:
    by_department = Counter(Client.objects.values_list("department__code", flat=True))
    assert by_department["mkt"] > by_department["ka"] > by_department["cs"] > 0


def test_each_account_executive_owns_several_clients_and_some_are_unassigned(
    demo: DemoSummary,
) -> None:
    owners = Counter(Client.objects.values_list("owner__username", flat=True))
    for ae in User.objects.filter(roles__role=JobRole.AE):
        assert owners[ae.username] >= 3, ae.username
    assert owners[None] >= 2


def test_every_client_has_a_primary_contact_and_a_property_project(demo: DemoSummary) -> None:
    assert Contact.objects.filter(is_primary=True).count() == Client.objects.count()
    assert not Client.objects.filter(properties__isnull=True).exists()


def test_registration_numbers_follow_the_registration_dates_and_none_is_after_today(
    demo: DemoSummary,
) -> None:
    clients = list(Client.objects.order_by("registration_no"))
    dates = [c.registered_on for c in clients]
    assert dates == sorted(dates)
    assert clients[0].registration_no == "KH-2026-0001"
    assert date(2026, 1, 1) <= dates[0] and dates[-1] <= date(2026, 11, 27)


def test_registration_dates_later_than_today_are_brought_back_to_today() -> None:
    load_demo_agency(today=date(2026, 6, 30))
    assert max(Client.objects.values_list("registered_on", flat=True)) == date(2026, 6, 30)


def test_the_look_alike_clients_are_linked_as_possible_duplicates(demo: DemoSummary) -> None:
    reasons = set(DuplicateLink.objects.values_list("reason", flat=True))
    assert reasons == {DuplicateReason.NAME, DuplicateReason.PHONE}


def test_later_edits_show_in_the_field_history(demo: DemoSummary) -> None:
    reassigned = Client.objects.get(legal_name="长沙望城滨水置业有限公司")
    owners = {h.owner.username for h in reassigned.history.select_related("owner")}
    assert owners == {"ae1", "ae3"}
    assert reassigned.history.latest().history_user.username == "mkt_manager"
    warmer = Client.objects.get(legal_name="长沙开福金霞置业有限公司")
    assert {h.intent for h in warmer.history.all()} == {Intent.MEDIUM, Intent.STRONG}
    moved_on = PropertyProject.objects.get(client__legal_name="湖南梅溪湖投资发展有限公司")
    assert [h.stage for h in moved_on.history.order_by("history_date")] == [
        PropertyStage.CONSTRUCTION,
        PropertyStage.PRE_SALE,
    ]


def test_the_demo_register_is_the_same_every_time() -> None:
    first, second = demo_register(), demo_register()
    assert first == second
    mobiles = [c.mobile for client in first for c in client.contacts]
    assert all(m.isdigit() and len(m) == 11 and m[1] in "3456789" for m in mobiles)
    landlines = [c.phone for client in first for c in client.contacts if c.phone]
    assert all(p.isdigit() and len(p) == 12 and p[4] == "8" for p in landlines)


def test_the_demo_command_prints_the_summary_and_the_sign_ins() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    assert all(username in text for username in SPEC_SIGN_INS)
    assert "nothing changed" in text
