"""Which department a client belongs to (SPEC §1, handbook 肆).

Group and key clients go to the Key Account Center; small and mid-size clients to
Marketing Business; a client whose type is not yet known stays with the department of
the person who registered it (Customer Service does the early processing).
"""

from __future__ import annotations

from servicebook.accounts.choices import DepartmentCode
from servicebook.clients.choices import ClientType

_BY_TYPE = {
    ClientType.GROUP: DepartmentCode.KEY_ACCOUNTS,
    ClientType.KEY: DepartmentCode.KEY_ACCOUNTS,
    ClientType.MID: DepartmentCode.MARKETING,
    ClientType.SMALL: DepartmentCode.MARKETING,
}


def department_code_for(client_type: str, registrant_department_code: str | None) -> str:
    """The department code a client of ``client_type`` is routed to."""
    if client_type:
        return _BY_TYPE[ClientType(client_type)].value
    return registrant_department_code or DepartmentCode.CUSTOMER_SERVICE.value
