"""A project is born from a signed contract (SPEC §2 step 11, §5)."""

from __future__ import annotations

from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError
from servicebook.core.sequences import next_number
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

PROJECT_SERIES = "XM"
# ``contracts.ContractStatus.SIGNED``; projects sit below contracts and cannot import it.
CONTRACT_SIGNED = "signed"
NAME_MAX = Project._meta.get_field("name").max_length or 200


class ContractForProject(Protocol):
    """What a project needs of its contract (the contracts layer is above this one)."""

    @property
    def pk(self) -> Any: ...

    @property
    def status(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def client(self) -> Client: ...

    @property
    def services(self) -> Any: ...


@transaction.atomic
def project_create_from_contract(*, actor: User, contract: ContractForProject) -> Project:
    """Create the project of a just-signed contract: ``XM-YYYY-NNNN``, active, one per contract.

    Called by ``contracts.services.contract_sign`` inside its transaction, which has checked
    who may sign. The client's department runs the project and the client's owner leads it
    until the team is formed (project planning).
    """
    if contract.status != CONTRACT_SIGNED:
        raise DomainError(_("A project is created from a signed contract only."))
    if Project.objects.filter(contract_id=contract.pk).exists():
        raise DomainError(_("This contract already has its project."))
    client = contract.client
    year = timezone.localdate().year
    project = Project.objects.create(
        code=f"{PROJECT_SERIES}-{year}-{next_number(PROJECT_SERIES, year):04d}",
        name=project_name(client, contract.title),
        client=client,
        contract_id=contract.pk,
        department_id=client.department_id,
        lead_id=client.owner_id,
        status=ProjectStatus.ACTIVE,
    )
    project.services.set(contract.services.all())
    return project


def project_name(client: Client, contract_title: str) -> str:
    """The client's short name and the contract's title: ``星沙名都 营销策划服务``.

    The short name is left out when the title already starts with it.
    """
    title = contract_title.strip()
    short = client.display_name.strip()
    name = title if title.startswith(short) else f"{short} {title}"
    return name[:NAME_MAX]
