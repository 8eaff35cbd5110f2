"""Test personas shared by every app: the GM, department managers, staff and an outsider."""

from __future__ import annotations

import pytest

from servicebook.accounts.models import User
from servicebook.accounts.tests.factories import UserFactory, department, make_gm, make_manager


def make_person(username: str, department_code: str, roles: list[str]) -> User:
    """A member of staff in one of the seeded departments, named after the sign-in."""
    return UserFactory(
        username=username,
        full_name=username.title(),
        department=department(department_code),
        roles=roles,
    )


@pytest.fixture
def gm(db: None) -> User:
    return make_gm(username="gm", full_name="Gm")


@pytest.fixture
def mkt_manager(db: None) -> User:
    return make_manager("mkt", username="mkt_manager", full_name="Mkt_Manager")


@pytest.fixture
def ka_manager(db: None) -> User:
    return make_manager("ka", username="ka_manager", full_name="Ka_Manager")


@pytest.fixture
def ae(db: None) -> User:
    return make_person("ae1", "mkt", ["ae"])


@pytest.fixture
def other_ae(db: None) -> User:
    return make_person("ae2", "mkt", ["ae"])


@pytest.fixture
def designer(db: None) -> User:
    return make_person("designer1", "creative", ["designer"])


@pytest.fixture
def outsider(db: None) -> User:
    """Active staff with no clients and no department to manage."""
    return make_person("outsider", "cs", ["planner"])
