"""The allowed moves of consultation letters and service logs (SPEC §7), as data."""

from __future__ import annotations

from servicebook.communications.models import LetterStatus as L
from servicebook.communications.models import LogStatus
from servicebook.core.workflow import Workflow

LETTER_WORKFLOW = Workflow.of(
    "consultation letter",
    L,
    [
        (L.DRAFT, L.SENT),  # numbered; the answer is due in working days
        (L.SENT, L.ANSWERED),  # the client's written answer is recorded
        (L.DRAFT, L.WITHDRAWN),  # never sent
    ],
)

LOG_WORKFLOW = Workflow.of(
    "service log",
    LogStatus,
    [
        (LogStatus.DRAFT, LogStatus.SENT),  # the lead sends it (email, fax, by hand …)
        (LogStatus.SENT, LogStatus.ACKNOWLEDGED),  # the client confirms receipt
    ],
)
