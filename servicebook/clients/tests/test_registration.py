"""Registering clients: numbers, routing, contacts, ownership."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from servicebook.accounts.models import Department
from servicebook.clients.models import Client
from servicebook.clients.routing import department_code_for
from servicebook.clients.services import ClientInput, ContactInput, client_register
from servicebook.clients.tests.helpers import register
from servicebook.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_registration_numbers_are_yearly_and_consecutive(ae):
    first = register(ae)
    second = register(ae)
    year = first.registered_on.year
    assert first.registration_no == f"KH-{year}-0001"
    assert second.registration_no == f"KH-{year}-0002"


def test_each_year_starts_its_own_series(ae):
    old = client_register(
        actor=ae,
        data=ClientInput(legal_name="旧年置业有限公司"),
        contacts=[ContactInput(name="王一", mobile="13900000001")],
        registered_on=date(2025, 12, 31),
    )
    register(ae)
    assert old.registration_no == "KH-2025-0001"
    assert Client.objects.filter(registration_no__endswith="-0001").count() == 2


def test_a_failed_registration_gives_its_number_back(ae):
    register(ae)
    with pytest.raises(DomainError):
        client_register(actor=ae, data=ClientInput(legal_name="没有联系人有限公司"), contacts=[])
    third = register(ae)
    assert third.registration_no.endswith("-0002")


@pytest.mark.parametrize(
    ("client_type", "registrant", "expected"),
    [
        ("group", "cs", "ka"),
        ("key", "mkt", "ka"),
        ("mid", "cs", "mkt"),
        ("small", "ka", "mkt"),
        ("", "cs", "cs"),
        ("", None, "cs"),
    ],
)
def test_clients_are_routed_to_a_department_by_type(client_type, registrant, expected):
    assert department_code_for(client_type, registrant) == expected


def test_a_registered_group_client_lands_in_the_key_account_center(ae):
    client = register(ae, client_type="group")
    assert client.department.code == "ka"


def test_staff_own_what_they_register_and_managers_leave_it_unassigned(ae, mkt_manager):
    assert register(ae).owner == ae
    assert register(mkt_manager).owner is None


def test_staff_cannot_give_a_new_client_to_someone_else(ae, other_ae):
    with pytest.raises(DomainError):
        register(ae, owner=other_ae)


def test_staff_cannot_choose_the_department(ae):
    with pytest.raises(DomainError):
        register(ae, department=Department.objects.get(code="ka"))


def test_the_first_contact_becomes_primary_when_none_is_marked(ae):
    client = register(
        ae, contacts=[ContactInput(name="甲", mobile="13911112222"), ContactInput(name="乙")]
    )
    assert [c.name for c in client.contacts.filter(is_primary=True)] == ["甲"]


def test_two_primary_contacts_are_refused(ae):
    with pytest.raises(DomainError):
        register(
            ae,
            contacts=[
                ContactInput(name="甲", is_primary=True),
                ContactInput(name="乙", is_primary=True),
            ],
        )
    assert not Client.objects.exists()


def test_phones_are_stored_as_digits(ae):
    client = register(ae, contacts=[ContactInput(name="甲", mobile="+86 139-0731-0000")])
    assert client.contacts.get().mobile == "13907310000"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
def test_concurrent_registrations_get_distinct_gap_free_numbers(ae):
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            register(ae, name=f"并发{n}置业有限公司", mobile=f"1370000{n:04d}")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(
        int(no[-4:]) for no in Client.objects.values_list("registration_no", flat=True)
    )
    assert numbers == list(range(1, 13))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_number_refuses_to_run_outside_a_transaction():
    from servicebook.core.sequences import next_number

    assert transaction.get_autocommit()
    with pytest.raises(RuntimeError):
        next_number("KH", 2026)


@pytest.mark.parametrize("stage", ["assigned", "negotiating", "contracted", "abandoned"])
def test_a_client_cannot_be_put_on_file_at_a_later_stage(ae, stage):
    with pytest.raises(DomainError):
        client_register(
            actor=ae,
            data=ClientInput(legal_name="跳级置业有限公司"),
            contacts=[ContactInput(name="王一", mobile="13900000009")],
            status=stage,
        )
    assert not Client.objects.exists()
