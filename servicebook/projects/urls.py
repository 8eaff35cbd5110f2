from django.urls import path

from servicebook.projects.views import gantt, plans, team
from servicebook.projects.views import schedule as schedule_views

app_name = "projects"

urlpatterns = [
    path("", team.project_list, name="list"),
    path("<int:pk>/", team.project_detail, name="detail"),
    path("<int:pk>/team/add/", team.team_member_add_view, name="team_add"),
    path(
        "<int:pk>/team/<int:member_pk>/remove/",
        team.team_member_remove_view,
        name="team_remove",
    ),
    path("<int:pk>/lead/", team.project_set_lead_view, name="set_lead"),
    path("<int:pk>/plan/", plans.plan_detail, name="plan"),
    path("<int:pk>/plan/generate/", plans.plan_generate_view, name="plan_generate"),
    path("<int:pk>/plan/tasks/<int:task_pk>/", plans.plan_task_update_view, name="plan_task"),
    path("<int:pk>/plan/approve/", plans.plan_approve_view, name="plan_approve"),
    path("<int:pk>/plan/reopen/", plans.plan_reopen_view, name="plan_reopen"),
    path("<int:pk>/plan/sign/", plans.plan_sign_view, name="plan_sign"),
    path("<int:pk>/plan/changes/", plans.change_request_create_view, name="change_create"),
    path(
        "<int:pk>/plan/changes/<int:cr_pk>/decide/",
        plans.change_request_decide_view,
        name="change_decide",
    ),
    path(
        "<int:pk>/plan/changes/<int:cr_pk>/withdraw/",
        plans.change_request_withdraw_view,
        name="change_withdraw",
    ),
    path("<int:pk>/plan/versions/<int:number>/", plans.plan_version_detail, name="plan_version"),
    path("<int:pk>/plan/gantt/", gantt.plan_gantt, name="plan_gantt"),
    # --- weekly and monthly plans (周计划 / 月度工作计划) ---
    path("my-schedule/", schedule_views.my_schedule, name="my_schedule"),
    path("<int:pk>/schedule/", schedule_views.project_schedule, name="schedule"),
    path("<int:pk>/schedule/note/", schedule_views.weekly_note_view, name="weekly_note"),
    path(
        "<int:pk>/plan/tasks/<int:task_pk>/done/", schedule_views.task_done_view, name="task_done"
    ),
    path(
        "<int:pk>/plan/tasks/<int:task_pk>/reopen/",
        schedule_views.task_reopen_view,
        name="task_reopen",
    ),
    # --- end of weekly and monthly plans ---
]
