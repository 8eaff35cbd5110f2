from django.urls import path

from servicebook.sales.views import actions, pages
from servicebook.sales.views import negotiation as negotiation_views
from servicebook.sales.views import quotes as quote_views

app_name = "sales"

urlpatterns: list = [
    # The client journey (pipeline engineer)
    path("pipeline/", pages.pipeline, name="pipeline"),
    path("summary/", pages.summary, name="summary"),
    path("clients/<int:pk>/move/", actions.client_move, name="client_move"),
    path("clients/<int:pk>/assign/", actions.client_assign, name="client_assign"),
    path("clients/<int:pk>/abandon/", actions.client_abandon, name="client_abandon"),
    path("clients/<int:pk>/reopen/", actions.client_reopen, name="client_reopen"),
    path("clients/<int:pk>/follow-ups/new/", actions.follow_up_new, name="follow_up_new"),
    path("clients/<int:pk>/check-in/", actions.check_in, name="check_in"),
    # Quotes and negotiation rounds (quotes engineer)
    path("quotes/", quote_views.quote_list, name="quotes"),
    path("quotes/new/", quote_views.quote_new, name="quote_new"),
    path("quotes/<int:pk>/", quote_views.quote_detail, name="quote_detail"),
    path("quotes/<int:pk>/edit/", quote_views.quote_edit, name="quote_edit"),
    path("quotes/<int:pk>/print/", quote_views.quote_print, name="quote_print"),
    path("quotes/<int:pk>/pdf/", quote_views.quote_pdf, name="quote_pdf"),
    path("quotes/<int:pk>/<slug:action>/", quote_views.quote_action, name="quote_action"),
    path(
        "clients/<int:pk>/negotiation/new/",
        negotiation_views.negotiation_new,
        name="negotiation_new",
    ),
]
