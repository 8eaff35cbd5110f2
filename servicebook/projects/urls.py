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
]
