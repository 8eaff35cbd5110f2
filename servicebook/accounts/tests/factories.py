"""Factories for staff: a member of staff with job roles, the GM, a department manager.

Users are created through the model (not ``user_create``) so tests can set any field;
names come from Faker's ``zh_CN`` locale. Pass explicit values for stable output.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory
from factory.django import DjangoModelFactory, Password

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import Department, StaffRole, User
from servicebook.accounts.services import department_set_manager

PASSWORD = "servicebook-demo"


def department(code: str) -> Department:
    """The seeded department with ``code`` (cs, mkt, ka, creative)."""
    return Department.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    """A member of staff in Marketing (mkt) holding the AE role unless told otherwise.

    ``UserFactory(roles=["designer", "ap"])`` gives other job roles; ``roles=[]`` none.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = Password(PASSWORD)
    department = factory.LazyFunction(lambda: department("mkt"))
    language = "zh-hans"

    @factory.post_generation
    def roles(
        obj: User,
        create: bool,
        extracted: Iterable[JobRole | str] | None,
        **kwargs: Any,
    ) -> None:
        """Add one StaffRole row per job role (default: AE)."""
        if not create:
            return
        codes = [JobRole.AE] if extracted is None else extracted
        StaffRole.objects.bulk_create(
            StaffRole(user=obj, role=JobRole(code)) for code in dict.fromkeys(codes)
        )


def make_gm(**fields: Any) -> User:
    """The general manager (总经理), in the Key Account Center which the GM leads."""
    fields.setdefault("department", department("ka"))
    fields.setdefault("roles", [JobRole.GM])
    return UserFactory(**fields)


def make_manager(department_code: str, **fields: Any) -> User:
    """A department manager (部门经理), set as ``Department.manager`` of their department."""
    managed = department(department_code)
    fields.setdefault("roles", [JobRole.DEPT_MANAGER])
    user = UserFactory(department=managed, **fields)
    department_set_manager(managed, user)
    return user
