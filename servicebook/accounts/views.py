"""Sign in, sign out, password change and the organisation page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.accounts.selectors import departments_with_staff, general_managers, inbox
from servicebook.accounts.services import notifications_mark_read
from servicebook.core.pagination import paginate


class LoginView(auth_views.LoginView):
    """The sign-in page; open to everyone."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Confirmation after a password change."""

    template_name = "accounts/password_change_done.html"


def organisation(request: AuthenticatedRequest) -> HttpResponse:
    """The agency's departments, managers and staff with their job roles."""
    return render(
        request,
        "accounts/organisation.html",
        {"departments": departments_with_staff(), "general_managers": general_managers()},
    )


def notifications(request: AuthenticatedRequest) -> HttpResponse:
    """The person's inbox, newest first; unread ones are highlighted."""
    page = paginate(request, inbox(request.user), per_page=30)
    return render(request, "accounts/notifications.html", {"page": page})


@require_POST
def notifications_read(request: AuthenticatedRequest) -> HttpResponse:
    """Mark one notification (``id``) or all as read; go to its link if it has one."""
    ident = request.POST.get("id")
    notifications_mark_read(request.user, [int(ident)] if ident and ident.isdigit() else None)
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("accounts:notifications")
