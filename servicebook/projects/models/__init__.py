"""Projects: the project born from a contract, and (growing) its team and plan."""

from .projects import Project

__all__ = ["Project"]
