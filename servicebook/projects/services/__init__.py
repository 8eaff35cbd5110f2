"""Every way project data changes."""

from .creation import ContractForProject, project_create_from_contract
from .plans import plan_generate, plan_task_update
from .team import project_set_lead, team_member_add, team_member_remove

__all__ = [
    "ContractForProject",
    "plan_generate",
    "plan_task_update",
    "project_create_from_contract",
    "project_set_lead",
    "team_member_add",
    "team_member_remove",
]
