"""The filter options of the client list, with the active ones marked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.accounts.models import Department, User
from servicebook.clients.choices import ClientStatus, ClientType, Intent, ProductCategory
from servicebook.clients.models import InformationSource
from servicebook.core.filters import ListFilter, build_filters, choice_options


def list_filters(request: AuthenticatedRequest) -> list[ListFilter]:
    """Filters offered to this user (owner and department only to managers)."""
    user = request.user
    specs: list[tuple[str, Any, list[tuple[str, str]]]] = [
        ("status", _("Stage"), choice_options(ClientStatus)),
        ("intent", _("Intent"), choice_options(Intent)),
        ("client_type", _("Client type"), choice_options(ClientType)),
        ("product_category", _("Product category"), choice_options(ProductCategory)),
        (
            "information_source",
            _("Information source"),
            [(str(s.pk), s.name) for s in InformationSource.objects.all()],
        ),
    ]
    if user.is_manager:
        specs.append(
            ("department", _("Department"), [(str(d.pk), d.name) for d in _departments(user)])
        )
        owners = [("none", str(_("Unassigned")))] + [
            (str(u.pk), u.display_name) for u in _owners(user)
        ]
        specs.append(("owner", _("Owner"), owners))
    return build_filters(request.GET, specs)


def _departments(user: User) -> list[Department]:
    departments = Department.objects.all()
    if not user.is_general_manager:
        departments = departments.filter(pk__in=user.managed_department_ids)
    return list(departments)


def _owners(user: User) -> list[User]:
    staff = User.objects.filter(is_active=True).order_by("username")
    if not user.is_general_manager:
        staff = staff.filter(department_id__in=user.managed_department_ids)
    return list(staff)
