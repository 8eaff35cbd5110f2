from django.urls import path

from servicebook.clients.views import exports, imports, pages

app_name = "clients"

urlpatterns = [
    path("", pages.client_list, name="list"),
    path("new/", pages.client_register_view, name="register"),
    path("<int:pk>/edit/", pages.client_edit, name="edit"),
    path("export.xlsx", exports.client_export, name="export"),
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
]
