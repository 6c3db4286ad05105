from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    SUPERVISOR = "supervisor", _("Office supervisor")
    MANAGER = "manager", _("Regional manager")
    NATIONAL_MANAGER = "national_manager", _("National manager")
    PARTNER = "partner", _("Partner staff")
    ORGANISER = "organiser", _("Forum organiser")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")
    BENEFICIARY = "beneficiary", _("Beneficiary")


OFFICE_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR)
# The national manager reads what a regional manager reads, over every region (see regions_visible_to).
MANAGER_ROLES = (Role.MANAGER, Role.NATIONAL_MANAGER)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASE_WORKER)
    office = models.ForeignKey(
        "geography.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    region = models.ForeignKey(
        "geography.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    entity = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("enabling entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    phone = models.CharField(_("mobile"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="office_staff_have_an_office",
                condition=~Q(role__in=OFFICE_ROLES) | Q(office__isnull=False),
            ),
            models.CheckConstraint(
                name="partner_staff_have_an_entity",
                condition=~Q(role=Role.PARTNER) | Q(entity__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_office_staff(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def is_case_worker(self) -> bool:
        return self.role == Role.CASE_WORKER

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_manager(self) -> bool:
        """A regional or the national manager: the same pages and reads, over one region or all of them."""
        return self.role in MANAGER_ROLES

    @property
    def is_national_manager(self) -> bool:
        return self.role == Role.NATIONAL_MANAGER

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_beneficiary(self) -> bool:
        return self.role == Role.BENEFICIARY

    @property
    def can_browse_registry(self) -> bool:
        return self.role in (Role.CASE_WORKER, Role.SUPERVISOR, *MANAGER_ROLES)


class UserSession(models.Model):
    """A signed-in session as its owner sees it on "my sessions": from where, with what, and when last used.

    Keyed by the session's key; the session itself lives in Django's session store. Rows are written at sign-in
    and refreshed at most once a minute, so listing them costs nothing on ordinary requests.
    """

    session_key = models.CharField(_("session"), max_length=64, unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
