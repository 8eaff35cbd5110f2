"""Projects: the project born from a contract, and (growing) its team and plan."""

from .projects import Project
from .team import TeamMember

__all__ = ["Project", "TeamMember"]
