"""Every way project data changes."""

from .creation import ContractForProject, project_create_from_contract
from .plan_lifecycle import (
    change_request_create,
    change_request_decide,
    change_request_withdraw,
    plan_approve,
    plan_reopen,
    plan_sign,
)
from .plans import plan_generate, plan_task_update
from .schedule import plan_task_mark_done, plan_task_mark_open, weekly_note_save
from .team import project_set_lead, team_member_add, team_member_remove

__all__ = [
    "ContractForProject",
    "change_request_create",
    "change_request_decide",
    "change_request_withdraw",
    "plan_approve",
    "plan_generate",
    "plan_reopen",
    "plan_sign",
    "plan_task_mark_done",
    "plan_task_mark_open",
    "plan_task_update",
    "project_create_from_contract",
    "project_set_lead",
    "team_member_add",
    "team_member_remove",
    "weekly_note_save",
]
