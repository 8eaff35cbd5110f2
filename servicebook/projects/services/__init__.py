"""Every way project data changes."""

from .creation import ContractForProject, project_create_from_contract

__all__ = ["ContractForProject", "project_create_from_contract"]
