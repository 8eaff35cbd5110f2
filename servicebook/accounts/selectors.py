"""Read models of the organisation."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from servicebook.accounts.models import Department, Notification, User


def departments_with_staff() -> QuerySet[Department]:
    """Every department with its manager and active staff (and their roles) prefetched."""
    staff = User.objects.filter(is_active=True).prefetch_related("roles").order_by("username")
    return Department.objects.select_related("manager").prefetch_related(
        Prefetch("staff", queryset=staff, to_attr="active_staff")
    )


def general_managers() -> QuerySet[User]:
    """Active people holding the GM role."""
    return User.objects.filter(is_active=True, roles__role="gm").distinct()


def inbox(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
