"""Projects: the project born from a contract, and (growing) its team and plan."""

from .plans import Plan, PlanTask
from .projects import Project
from .team import TeamMember

__all__ = ["Plan", "PlanTask", "Project", "TeamMember"]
