"""Test personas shared by every app: the GM, department managers, staff and an outsider."""

from __future__ import annotations

import pytest

from servicebook.accounts.models import Department, User
from servicebook.accounts.services import department_set_manager, user_create

PASSWORD = "servicebook-test"


def make_person(username: str, department_code: str, roles: list[str], **extra: object) -> User:
    """A member of staff in one of the seeded departments."""
    department = Department.objects.get(code=department_code)
    return user_create(
        username=username,
        full_name=username.title(),
        password=PASSWORD,
        department=department,
        roles=roles,
        **extra,  # type: ignore[arg-type]
    )


def make_manager(username: str, department_code: str) -> User:
    """A department manager (部门经理) of ``department_code``."""
    user = make_person(username, department_code, ["dept_manager"])
    department_set_manager(Department.objects.get(code=department_code), user)
    return user


@pytest.fixture
def gm(db: None) -> User:
    return make_person("gm", "ka", ["gm"])


@pytest.fixture
def mkt_manager(db: None) -> User:
    return make_manager("mkt_manager", "mkt")


@pytest.fixture
def ka_manager(db: None) -> User:
    return make_manager("ka_manager", "ka")


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
