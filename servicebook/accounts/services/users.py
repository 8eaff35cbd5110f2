"""Staff accounts: create a member of staff, change the language preference."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import Department, StaffRole, User
from servicebook.core.errors import DomainError


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    password: str,
    department: Department | None,
    roles: Iterable[JobRole | str],
    email: str = "",
    phone: str = "",
    language: str = "zh-hans",
    is_admin: bool = False,
) -> User:
    """Create a member of staff with a department and job roles.

    ``is_admin`` lets the person set up the agency in Django admin (staff + superuser).
    """
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        full_name=full_name,
        department=department,
        phone=phone,
        language=language,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    StaffRole.objects.bulk_create([StaffRole(user=user, role=JobRole(r)) for r in set(roles)])
    return user


def user_set_language(user: User, language: str) -> None:
    """Remember the person's language (zh-hans or en) for every later page."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError("Unknown language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def department_set_manager(department: Department, manager: User | None) -> Department:
    """Make ``manager`` the department manager (部门经理) of ``department``.

    The manager gets the dept_manager job role if they did not hold it.
    """
    department = Department.objects.select_for_update().get(pk=department.pk)
    department.manager = manager
    department.save(update_fields=["manager"])
    if manager is not None:
        StaffRole.objects.get_or_create(user=manager, role=JobRole.DEPT_MANAGER)
    return department
