from django.urls import path

from servicebook.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_create_view, name="create"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/sign/", views.contract_sign_view, name="sign"),
    path("<int:pk>/cancel/", views.contract_cancel_view, name="cancel"),
]
