"""Sign in, sign out, password change and the organisation page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.accounts.selectors import departments_with_staff, general_managers


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
