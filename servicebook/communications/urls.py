"""Client communication pages, under /projects/ beside the project (each feature a block)."""

from django.urls import URLPattern, path

from servicebook.communications.views import contacts, letters
from servicebook.communications.views import documents as doc_views
from servicebook.communications.views import fax as fax_views
from servicebook.communications.views import logs as log_views
from servicebook.communications.views import outbox as outbox_views

app_name = "communications"

urlpatterns: list[URLPattern] = [
    # --- contacts, requests and letters ---
    path("<int:pk>/contacts/", contacts.project_contacts, name="contacts"),
    path("<int:pk>/contacts/record/", contacts.contact_record_view, name="contact_record"),
    path(
        "<int:pk>/contacts/requests/<int:request_pk>/reply/",
        contacts.request_reply_view,
        name="request_reply",
    ),
    path(
        "<int:pk>/contacts/requests/<int:request_pk>/settle/",
        contacts.request_settle_view,
        name="request_settle",
    ),
    path("<int:pk>/letters/", letters.project_letters, name="letters"),
    path("<int:pk>/letters/draft/", letters.letter_draft_view, name="letter_draft"),
    path("<int:pk>/letters/<int:letter_pk>/", letters.letter_detail, name="letter"),
    path(
        "<int:pk>/letters/<int:letter_pk>/edit/", letters.letter_update_view, name="letter_update"
    ),
    path("<int:pk>/letters/<int:letter_pk>/send/", letters.letter_send_view, name="letter_send"),
    path(
        "<int:pk>/letters/<int:letter_pk>/answer/",
        letters.letter_answer_view,
        name="letter_answer",
    ),
    path(
        "<int:pk>/letters/<int:letter_pk>/withdraw/",
        letters.letter_withdraw_view,
        name="letter_withdraw",
    ),
    # --- service logs ---
    path("logs/", log_views.log_overview, name="log_overview"),
    path("<int:pk>/logs/", log_views.project_logs, name="logs"),
    path("<int:pk>/logs/draft/", log_views.log_draft_view, name="log_draft"),
    path("<int:pk>/logs/<int:log_pk>/", log_views.log_detail, name="log"),
    path("<int:pk>/logs/<int:log_pk>/edit/", log_views.log_update_view, name="log_update"),
    path("<int:pk>/logs/<int:log_pk>/redraft/", log_views.log_redraft_view, name="log_redraft"),
    path("<int:pk>/logs/<int:log_pk>/sent/", log_views.log_mark_sent_view, name="log_mark_sent"),
    path(
        "<int:pk>/logs/<int:log_pk>/acknowledge/",
        log_views.log_acknowledge_view,
        name="log_acknowledge",
    ),
    # --- end of service logs ---
    # --- forms and documents ---
    path("<int:pk>/plan/print/", doc_views.plan_print, name="plan_print"),
    path("<int:pk>/plan/pdf/", doc_views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan/xlsx/", doc_views.plan_xlsx, name="plan_xlsx"),
    path("<int:pk>/plan/issue/", doc_views.plan_issue, name="plan_issue"),
    path("<int:pk>/letters/<int:letter_pk>/print/", doc_views.letter_print, name="letter_print"),
    path("<int:pk>/letters/<int:letter_pk>/pdf/", doc_views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/logs/<int:log_pk>/print/", doc_views.log_print, name="log_print"),
    path("<int:pk>/logs/<int:log_pk>/pdf/", doc_views.log_pdf, name="log_pdf"),
    path("<int:pk>/logs/<int:log_pk>/issue/", doc_views.log_issue, name="log_issue"),
    path("<int:pk>/documents/", doc_views.project_documents, name="project_documents"),
    path("documents/register/print/", doc_views.register_print, name="register_print"),
    path("documents/register/pdf/", doc_views.register_pdf, name="register_pdf"),
    path("documents/<int:doc_pk>/", doc_views.issued_document, name="issued_document"),
    path("documents/<int:doc_pk>/download/", doc_views.issued_download, name="issued_download"),
    path("documents/<int:doc_pk>/retry/", doc_views.issued_retry, name="issued_retry"),
    path("fax/", fax_views.fax_list, name="fax_list"),
    path("fax/new/", fax_views.fax_create, name="fax_create"),
    path("fax/<int:fax_pk>/", fax_views.fax_sheet, name="fax_sheet"),
    path("fax/<int:fax_pk>/edit/", fax_views.fax_edit, name="fax_edit"),
    path("fax/<int:fax_pk>/print/", fax_views.fax_print, name="fax_print"),
    path("fax/<int:fax_pk>/pdf/", fax_views.fax_pdf, name="fax_pdf"),
    path("fax/<int:fax_pk>/issue/", fax_views.fax_issue, name="fax_issue"),
    # --- end of forms and documents ---
    # --- outbox ---
    path("outbox/", outbox_views.outbox_list, name="outbox"),
    path("outbox/<int:message_pk>/", outbox_views.outbox_message, name="outbox_message"),
    path("outbox/<int:message_pk>/retry/", outbox_views.outbox_retry_view, name="outbox_retry"),
    path("<int:pk>/send/<str:kind>/<int:record_pk>/", outbox_views.send_view, name="send"),
    # --- end of outbox ---
]
