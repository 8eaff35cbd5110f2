"""Delivery pages live under /projects/ beside the project they belong to.

Each feature owns one block below.
"""

from django.urls import path

from servicebook.delivery.views import meetings, visits, work_orders

app_name = "delivery"

urlpatterns: list = [
    # --- work orders ---
    path("work-orders/", work_orders.work_order_list, name="work_orders"),
    path("work-orders/due-date/", work_orders.work_order_due_date, name="work_order_due_date"),
    path("<int:pk>/work-orders/", work_orders.project_work_orders, name="project_work_orders"),
    path("<int:pk>/work-orders/issue/", work_orders.work_order_issue_view, name="work_order_issue"),
    path("<int:pk>/work-orders/<int:wo_pk>/", work_orders.work_order_detail, name="work_order"),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/accept/",
        work_orders.work_order_accept_view,
        name="work_order_accept",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/start/",
        work_orders.work_order_start_view,
        name="work_order_start",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/submit/",
        work_orders.work_order_submit_view,
        name="work_order_submit",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/feedback/",
        work_orders.work_order_feedback_view,
        name="work_order_feedback",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/resume/",
        work_orders.work_order_resume_view,
        name="work_order_resume",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/close/",
        work_orders.work_order_close_view,
        name="work_order_close",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/cancel/",
        work_orders.work_order_cancel_view,
        name="work_order_cancel",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/files/",
        work_orders.work_order_attach_view,
        name="work_order_attach",
    ),
    path(
        "<int:pk>/work-orders/<int:wo_pk>/files/<int:file_pk>/",
        work_orders.work_order_file,
        name="work_order_file",
    ),
    # --- creative meetings ---
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("<int:pk>/meetings/", meetings.project_meetings, name="meetings"),
    path("<int:pk>/meetings/request/", meetings.meeting_request_view, name="meeting_request"),
    path("<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/schedule/",
        meetings.meeting_schedule_view,
        name="meeting_schedule",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/minutes/",
        meetings.meeting_record_view,
        name="meeting_record",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/cancel/",
        meetings.meeting_cancel_view,
        name="meeting_cancel",
    ),
    # --- supervision visits ---
    path("<int:pk>/visits/", visits.project_visits, name="visits"),
    path("<int:pk>/visits/log/", visits.visit_log_view, name="visit_log"),
    path("<int:pk>/visits/<int:visit_pk>/", visits.visit_detail, name="visit"),
    path(
        "<int:pk>/visits/follow-ups/<int:follow_up_pk>/done/",
        visits.follow_up_done_view,
        name="follow_up_done",
    ),
]
