from django.urls import path

from servicebook.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/team/add/", views.team_member_add_view, name="team_add"),
    path(
        "<int:pk>/team/<int:member_pk>/remove/",
        views.team_member_remove_view,
        name="team_remove",
    ),
    path("<int:pk>/lead/", views.project_set_lead_view, name="set_lead"),
    path("<int:pk>/plan/", views.plan_detail, name="plan"),
    path("<int:pk>/plan/generate/", views.plan_generate_view, name="plan_generate"),
    path("<int:pk>/plan/tasks/<int:task_pk>/", views.plan_task_update_view, name="plan_task"),
    path("<int:pk>/plan/approve/", views.plan_approve_view, name="plan_approve"),
    path("<int:pk>/plan/reopen/", views.plan_reopen_view, name="plan_reopen"),
    path("<int:pk>/plan/sign/", views.plan_sign_view, name="plan_sign"),
    path("<int:pk>/plan/changes/", views.change_request_create_view, name="change_create"),
    path(
        "<int:pk>/plan/changes/<int:cr_pk>/decide/",
        views.change_request_decide_view,
        name="change_decide",
    ),
    path(
        "<int:pk>/plan/changes/<int:cr_pk>/withdraw/",
        views.change_request_withdraw_view,
        name="change_withdraw",
    ),
    path("<int:pk>/plan/versions/<int:number>/", views.plan_version_detail, name="plan_version"),
]
