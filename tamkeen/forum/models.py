import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamkeen.core.models import TimeStampedModel

# No 0/O, 1/I/L: a short code is read aloud and typed on a phone at the door.
SHORT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHORT_CODE_LENGTH = 6


def new_badge_token() -> str:
    return secrets.token_urlsafe(24)


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


class Event(TimeStampedModel):
    """A forum (ملتقى): dates, venue and an organising committee."""

    title = models.CharField(_("title"), max_length=160)
    region = models.ForeignKey(
        "geography.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    governorate = models.ForeignKey(
        "geography.Governorate",
        verbose_name=_("governorate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organising committee"),
        blank=True,
        related_name="forum_committees",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                name="event_ends_on_or_after_start", condition=Q(ends_on__gte=F("starts_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def days(self):
        from datetime import timedelta

        return [self.starts_on + timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]


class Booth(models.Model):
    class Size(models.TextChoices):
        SMALL = "small", _("Small (3×3 m)")
        MEDIUM = "medium", _("Medium (3×6 m)")
        LARGE = "large", _("Large (6×6 m)")

    event = models.ForeignKey(Event, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="booths")
    number = models.CharField(_("booth number"), max_length=10)
    zone = models.CharField(_("zone"), max_length=60)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, default=Size.SMALL)
    entity = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("enabling entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booths",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("exhibiting family"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booths",
    )

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["event", "zone", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="booth_number_unique_per_event"),
            models.CheckConstraint(
                name="booth_has_one_occupant_at_most",
                condition=Q(entity__isnull=True) | Q(enterprise__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def occupant(self):
        return self.entity or self.enterprise


class Session(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        WORKSHOP = "workshop", _("Workshop")
        TALK = "talk", _("Talk")

    event = models.ForeignKey(
        Event, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    room = models.CharField(_("room"), max_length=60)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    entity = models.ForeignKey(
        "partners.Entity",
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "starts_at", "room"]
        constraints = [
            models.CheckConstraint(name="session_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(name="session_capacity_positive", condition=Q(capacity__gt=0)),
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("message sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="one_invitation_per_member_and_event")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.member_id}"


class Registration(models.Model):
    """A person expected at (or walked into) the forum. The badge carries only a token, no personal data."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("Invited member")
        WALK_IN = "walk_in", _("Walk-in visitor")

    event = models.ForeignKey(
        Event, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="registrations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    display_name = models.CharField(_("name on badge"), max_length=120)
    visitor_phone = models.CharField(_("mobile"), max_length=16, blank=True)
    token = models.CharField(
        _("badge token"), max_length=64, unique=True, default=new_badge_token, editable=False
    )
    short_code = models.CharField(_("short code"), max_length=8, default=new_short_code, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=Q(member__isnull=False),
                name="one_registration_per_member",
            ),
            models.UniqueConstraint(fields=["event", "short_code"], name="short_code_unique_per_event"),
            models.CheckConstraint(name="registration_has_a_name", condition=~Q(display_name="")),
        ]

    def __str__(self) -> str:
        return self.display_name


class CheckIn(models.Model):
    """Arrival at the door (session empty) or at a session, once per registration, place and day."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="check_ins"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("scanned at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(session__isnull=True),
                name="one_door_check_in_per_day",
            ),
            models.UniqueConstraint(
                fields=["registration", "session", "day"],
                condition=Q(session__isnull=False),
                name="one_session_check_in_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.day}"


class BoothVisit(models.Model):
    """A badge scanned at a booth: the booth's contacts."""

    booth = models.ForeignKey(Booth, verbose_name=_("booth"), on_delete=models.CASCADE, related_name="visits")
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="booth_visits"
    )
    at = models.DateTimeField(_("scanned at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("booth contact")
        verbose_name_plural = _("booth contacts")
        constraints = [models.UniqueConstraint(fields=["booth", "registration"], name="one_visit_per_booth")]

    def __str__(self) -> str:
        return f"{self.booth_id}:{self.registration_id}"


class OnSiteApplication(models.Model):
    """Interest recorded at a booth; it becomes a proposed referral for the member's case worker."""

    booth = models.ForeignKey(
        Booth, verbose_name=_("booth"), on_delete=models.PROTECT, related_name="applications"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="applications"
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("on-site application")
        verbose_name_plural = _("on-site applications")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "opportunity"], name="one_application_per_opportunity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booth_id}:{self.registration_id}:{self.opportunity_id}"


class ExhibitionSale(models.Model):
    """A sale an exhibiting family made at its booth; the sale itself lives in the enterprise's sales."""

    booth = models.ForeignKey(Booth, verbose_name=_("booth"), on_delete=models.PROTECT, related_name="sales")
    sale = models.OneToOneField(
        "enterprises.Sale", verbose_name=_("sale"), on_delete=models.CASCADE, related_name="exhibition"
    )

    class Meta:
        verbose_name = _("exhibition sale")
        verbose_name_plural = _("exhibition sales")

    def __str__(self) -> str:
        return f"{self.booth_id}:{self.sale_id}"
