"""Fixed vocabularies of the sales pipeline (SPEC §2, §4), each with its badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpKind(models.TextChoices):
    """How the client was followed up (handbook 贰: calls, faxes, visits …)."""

    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("Email")
    WECHAT = "wechat", _("WeChat")
    MEETING = "meeting", _("Meeting")
    BROCHURE = "brochure", _("Brochure sent")
    PROPOSAL = "proposal", _("Proposal")
    SEMINAR = "seminar", _("Seminar")
    CHECK_IN = "check_in", _("Manager check-in")


class QuoteStatus(models.TextChoices):
    """Where a quote is (SPEC §4): nothing reaches the client before approval."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SENT = "sent", _("Sent to client")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Superseded")


QUOTE_STATUS_COLOURS = {
    "draft": "grey",
    "submitted": "amber",
    "approved": "teal",
    "rejected": "red",
    "sent": "blue",
    "accepted": "green",
    "declined": "orange",
    "superseded": "grey",
}

# Statuses in which the quote's content has been approved and may reach the client.
CLIENT_VISIBLE_QUOTE_STATUSES = frozenset(
    {QuoteStatus.APPROVED, QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED}
)


class ApprovalDecision(models.TextChoices):
    """A manager's decision on a submitted quote."""

    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class QuoteLineKind(models.TextChoices):
    """A quote line is a catalog service, the event-execution fee, or anything else."""

    SERVICE = "service", _("Service")
    EXECUTION_FEE = "execution_fee", _("Event execution fee")
    OTHER = "other", _("Other")


class NegotiationOutcome(models.TextChoices):
    """How a negotiation round ended (each round is reported to the manager)."""

    PROGRESS = "progress", _("Progress made")
    STALLED = "stalled", _("Stalled")
    AGREED = "agreed", _("Agreed")
    BROKEN_OFF = "broken_off", _("Broken off")


NEGOTIATION_OUTCOME_COLOURS = {
    "progress": "teal",
    "stalled": "amber",
    "agreed": "green",
    "broken_off": "red",
}
