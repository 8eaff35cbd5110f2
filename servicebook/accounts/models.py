"""The agency: departments, staff with job roles, department managers, the general manager."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.choices import DepartmentCode, JobRole
from servicebook.core.choices import check_in_choices


class Department(models.Model):
    """One of the agency's departments; its manager reviews its clients daily."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=DepartmentCode.choices)
    manager = models.ForeignKey(
        "accounts.User",
        verbose_name=_("manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_departments",
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["id"]
        constraints = [check_in_choices("code", DepartmentCode, "department_code_valid")]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        """The department's name in the active language."""
        return str(DepartmentCode(self.code).label)


class User(AbstractUser):
    """A member of staff: one department, one or more job roles, a preferred language."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["department_id", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        """The person's name as shown on pages."""
        return self.full_name or self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """This person's job role codes (cached per instance; prefetch ``roles`` in lists)."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(r.role for r in self.roles.all())
            self._role_codes = cached
        return cached

    @property
    def is_general_manager(self) -> bool:
        """Whether this person is the GM (总经理), who sees all departments."""
        return JobRole.GM in self.role_codes

    @property
    def managed_department_ids(self) -> frozenset[int]:
        """Departments this person manages (部门经理)."""
        cached = getattr(self, "_managed_department_ids", None)
        if cached is None:
            cached = frozenset(self.managed_departments.values_list("id", flat=True))
            self._managed_department_ids = cached
        return cached

    @property
    def is_manager(self) -> bool:
        """Whether this person manages at least one department or is the GM."""
        return self.is_general_manager or bool(self.managed_department_ids)


class StaffRole(models.Model):
    """One job role held by one person (SPEC §1)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("job role"), max_length=30, choices=JobRole.choices)

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="staffrole_user_role_unique"),
            check_in_choices("role", JobRole, "staffrole_role_valid"),
        ]

    def __str__(self) -> str:
        return str(JobRole(self.role).label)


class NotificationKind(models.TextChoices):
    """What a notification tells; its sentence is written in the reader's language."""

    CLIENT_ASSIGNED = "client_assigned", _("Client assigned to you")
    QUOTE_SUBMITTED = "quote_submitted", _("Quote waiting for approval")
    QUOTE_DECIDED = "quote_decided", _("Quote approved or rejected")
    NEGOTIATION_REPORTED = "negotiation_reported", _("Negotiation round reported")
    LARGE_CONTRACT = "large_contract", _("Large project signed")
    PROJECT_CREATED = "project_created", _("Project created")
    # Delivery: creative meetings and supervision visits (SPEC §5, §8).
    MEETING_REQUESTED = "meeting_requested", _("Creative meeting requested")
    MEETING_SCHEDULED = "meeting_scheduled", _("Creative meeting scheduled")
    MEETING_CANCELLED = "meeting_cancelled", _("Creative meeting cancelled")
    STRATEGY_CHANGE = "strategy_change", _("Strategy change suggested")
    # Delivery: work orders (SPEC §5).
    WORK_ORDER_ASSIGNED = "work_order_assigned", _("Work order handed to you")
    WORK_ORDER_TO_DEPARTMENT = "work_order_to_department", _("Work order for your department")
    WORK_ORDER_SUBMITTED = "work_order_submitted", _("Work order submitted")
    WORK_ORDER_FEEDBACK = "work_order_feedback", _("Client feedback on a work order")
    WORK_ORDER_CANCELLED = "work_order_cancelled", _("Work order cancelled")


NOTIFICATION_TEXT = {
    NotificationKind.CLIENT_ASSIGNED: _("%(actor)s assigned client %(client)s to you."),
    NotificationKind.QUOTE_SUBMITTED: _("%(actor)s submitted quote %(quote)s for approval."),
    NotificationKind.QUOTE_DECIDED: _("%(actor)s %(decision)s your quote %(quote)s."),
    NotificationKind.NEGOTIATION_REPORTED: _(
        "%(actor)s reported negotiation round %(round)s with %(client)s: %(outcome)s"
    ),
    NotificationKind.LARGE_CONTRACT: _(
        "Large project: contract %(contract)s with %(client)s was signed for %(value)s."
    ),
    NotificationKind.PROJECT_CREATED: _("Project %(project)s was created for %(client)s."),
    NotificationKind.MEETING_REQUESTED: _(
        "%(actor)s asks for a creative meeting on %(project)s: %(topic)s"
    ),
    NotificationKind.MEETING_SCHEDULED: _(
        "%(actor)s called a creative meeting on %(project)s for %(time)s (%(location)s): %(topic)s"
    ),
    NotificationKind.MEETING_CANCELLED: _(
        "%(actor)s cancelled the creative meeting on %(project)s (%(topic)s): %(reason)s"
    ),
    NotificationKind.STRATEGY_CHANGE: _(
        "%(actor)s suggests a strategy change for %(project)s after the visit of %(date)s."
    ),
    NotificationKind.WORK_ORDER_ASSIGNED: _(
        "%(actor)s handed you work order %(work_order)s “%(title)s”, due %(due)s."
    ),
    NotificationKind.WORK_ORDER_TO_DEPARTMENT: _(
        "%(actor)s issued work order %(work_order)s “%(title)s” to %(department)s, due "
        "%(due)s: name the person who will do it."
    ),
    NotificationKind.WORK_ORDER_SUBMITTED: _(
        "%(actor)s submitted round %(round)s of work order %(work_order)s “%(title)s”: "
        "record the client's feedback."
    ),
    NotificationKind.WORK_ORDER_FEEDBACK: _(
        "%(actor)s recorded the client's feedback on round %(round)s of work order "
        "%(work_order)s: %(outcome)s."
    ),
    NotificationKind.WORK_ORDER_CANCELLED: _(
        "%(actor)s cancelled work order %(work_order)s “%(title)s”: %(reason)s"
    ),
}


class Notification(models.Model):
    """A message in one person's in-app inbox (the bell in the top bar)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(default=dict)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [check_in_choices("kind", NotificationKind, "notification_kind_valid")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The sentence in the active language."""
        return str(NOTIFICATION_TEXT[NotificationKind(self.kind)]) % _ParamsForText(self.params)


class _ParamsForText(dict[str, str]):
    """Parameters for a notification sentence; a missing one reads as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""
