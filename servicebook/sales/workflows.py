"""The allowed moves of a client along the journey (SPEC §2) and of a quote (SPEC §4)."""

from __future__ import annotations

from servicebook.clients.choices import ClientStatus as C
from servicebook.core.workflow import Workflow
from servicebook.sales.choices import QuoteStatus as Q

CLIENT_WORKFLOW = Workflow.of(
    "client",
    C,
    [
        (C.DISCOVERED, C.BROCHURE_SENT),
        (C.DISCOVERED, C.REGISTERED),
        (C.BROCHURE_SENT, C.REGISTERED),
        (C.REGISTERED, C.RESEARCHING),
        (C.REGISTERED, C.ASSIGNED),
        (C.RESEARCHING, C.ASSIGNED),
        (C.ASSIGNED, C.FOLLOWING_UP),
        (C.FOLLOWING_UP, C.PROPOSAL),
        (C.FOLLOWING_UP, C.REPORTED),
        (C.PROPOSAL, C.FOLLOWING_UP),
        (C.PROPOSAL, C.REPORTED),
        (C.REPORTED, C.FOLLOWING_UP),
        (C.REPORTED, C.NEGOTIATING),
        (C.NEGOTIATING, C.FOLLOWING_UP),
        (C.NEGOTIATING, C.CONTRACTED),  # only by signing a contract
        # Any open stage may be abandoned (a reason is required) …
        *((stage, C.ABANDONED) for stage in C.values if stage not in {C.ABANDONED, C.CONTRACTED}),
        # … and an abandoned client may be reopened.
        (C.ABANDONED, C.REGISTERED),
        (C.ABANDONED, C.FOLLOWING_UP),
    ],
)

QUOTE_WORKFLOW = Workflow.of(
    "quote",
    Q,
    [
        (Q.DRAFT, Q.SUBMITTED),
        (Q.SUBMITTED, Q.DRAFT),  # withdrawn by its author
        (Q.SUBMITTED, Q.APPROVED),
        (Q.SUBMITTED, Q.REJECTED),
        (Q.APPROVED, Q.DRAFT),  # edited after approval: approval is void
        (Q.REJECTED, Q.DRAFT),
        (Q.APPROVED, Q.SENT),
        (Q.SENT, Q.ACCEPTED),
        (Q.SENT, Q.DECLINED),
        # A new version replaces any quote the client has not accepted.
        *((s, Q.SUPERSEDED) for s in (Q.DRAFT, Q.SUBMITTED, Q.APPROVED, Q.REJECTED, Q.SENT)),
        (Q.DECLINED, Q.SUPERSEDED),
    ],
)
