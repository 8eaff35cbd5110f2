"""Top-level URLs (SPEC §14)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from servicebook.clients.urls import urlpatterns as client_urls
from servicebook.reporting.views import client_page, home

admin.site.site_header = _("Servicebook administration")
admin.site.site_title = _("Servicebook")
admin.site.index_title = _("Agency setup")

urlpatterns = [
    path("", home, name="home"),
    path("", include("servicebook.core.urls")),
    path("accounts/", include("servicebook.accounts.urls")),
    # The client page brings the register, the journey, quotes and contracts together,
    # so it is composed one layer up (reporting) but lives under the clients' names.
    path(
        "clients/",
        include(
            ([*client_urls, path("<int:pk>/", client_page, name="detail")], "clients"),
            namespace="clients",
        ),
    ),
    path("", include("servicebook.sales.urls")),
    path("contracts/", include("servicebook.contracts.urls")),
    path("projects/", include("servicebook.projects.urls")),
    path("projects/", include("servicebook.delivery.urls")),
    path("projects/", include("servicebook.communications.urls")),
    # The sign-in page offers the language switch too, so it is open to everyone.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
