"""A project is created from a signed contract: numbered, named, staffed from the client."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from servicebook.catalog.models import ServiceLine
from servicebook.clients.tests.helpers import register
from servicebook.core.errors import DomainError
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project
from servicebook.projects.services import project_create_from_contract
from servicebook.projects.services.creation import project_name
from servicebook.projects.tests.helpers import project_for, signed_contract

pytestmark = pytest.mark.django_db


def test_the_project_takes_its_client_department_services_and_lead_from_the_contract(ae):
    client = register(ae, "长沙梅溪云顶置业有限公司", short_name="梅溪云顶", client_type="mid")
    services = list(ServiceLine.objects.filter(code__in=["market_research", "leasing"]))
    contract = signed_contract(ae, client, services=services, title="营销策划服务合同")
    project = project_create_from_contract(actor=ae, contract=contract)
    assert project.code == f"XM-{date.today().year}-0001"
    assert project.name == "梅溪云顶 营销策划服务合同"
    assert (project.client, project.contract_id, project.lead) == (client, contract.pk, ae)
    assert project.department == client.department
    assert set(project.services.all()) == set(services)
    assert project.status == ProjectStatus.ACTIVE


def test_projects_are_numbered_in_sequence(ae):
    for _ in range(3):
        project_for(ae)
    codes = list(Project.objects.order_by("id").values_list("code", flat=True))
    year = date.today().year
    assert codes == [f"XM-{year}-0001", f"XM-{year}-0002", f"XM-{year}-0003"]


def test_a_contract_has_one_project_only(ae):
    contract = signed_contract(ae)
    project_create_from_contract(actor=ae, contract=contract)
    with pytest.raises(DomainError):
        project_create_from_contract(actor=ae, contract=contract)
    assert Project.objects.count() == 1


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_no_project_is_created_from_an_unsigned_contract(ae, status):
    with pytest.raises(DomainError):
        project_create_from_contract(actor=ae, contract=signed_contract(ae, status=status))
    assert not Project.objects.exists()


def test_an_unowned_client_gives_a_project_without_a_lead_yet(mkt_manager):
    client = register(mkt_manager, client_type="mid")
    assert client.owner is None
    project = project_create_from_contract(
        actor=mkt_manager, contract=signed_contract(mkt_manager, client)
    )
    assert project.lead is None


def test_the_name_does_not_repeat_a_short_name_the_title_already_starts_with():
    client = SimpleNamespace(display_name="洋湖御景")
    assert project_name(client, "洋湖御景二期营销代理合同") == "洋湖御景二期营销代理合同"
    assert project_name(client, "营销代理合同") == "洋湖御景 营销代理合同"
    assert len(project_name(client, "长" * 300)) == 200
