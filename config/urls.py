"""Top-level URLs (SPEC §14)."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from servicebook.reporting.views import home

admin.site.site_header = _("Servicebook administration")
admin.site.site_title = _("Servicebook")
admin.site.index_title = _("Agency setup")

urlpatterns = [
    path("", home, name="home"),
    path("", include("servicebook.core.urls")),
    path("accounts/", include("servicebook.accounts.urls")),
    path("clients/", include("servicebook.clients.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
