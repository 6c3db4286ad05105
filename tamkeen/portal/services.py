"""Signing in with a one-time code, office invitations, and a member's own changes of mobile."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role, User
from tamkeen.core.audit import audit_record
from tamkeen.core.phones import InvalidPhone, parse_mobile
from tamkeen.notifications.selectors import member_mobile
from tamkeen.notifications.services import mobile_verify, notify
from tamkeen.registry.access import members_editable_by
from tamkeen.registry.models import Member

from . import rules
from .models import CodeRequest, OneTimeCode

INVITATION_HOURS = 24


class PortalError(ValidationError):
    pass


@dataclass(frozen=True)
class CodeRequestOutcome:
    """What the page may say: nothing about whether the ID exists, only whether a limit was hit."""

    id_digest: str
    is_limited: bool


def member_for_sign_in(national_id: str, today) -> Member | None:
    """The member this ID may sign in as: of working age and with a mobile we may text."""
    member = Member.objects.select_related("household__office").filter(national_id=national_id).first()
    if member is None or not rules.is_of_working_age(member.birth_date, today):
        return None
    return member


def _issue(
    *, member, purpose: str, id_digest: str, mobile: str = "", minutes: int, actor=None, now
) -> tuple[str, OneTimeCode]:
    code, salt = rules.new_code(), rules.new_salt()
    issued = OneTimeCode.objects.create(
        member=member,
        purpose=purpose,
        id_digest=id_digest,
        mobile=mobile,
        code_hash=rules.code_hash(code, salt),
        salt=salt,
        expires_at=now + timedelta(minutes=minutes),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return code, issued


@transaction.atomic
def code_request(*, national_id: str, address: str | None, now: datetime | None = None) -> CodeRequestOutcome:
    """Someone typed an ID on the sign-in page. The same work is done whether or not it belongs to anyone;
    a code goes by SMS only to a member of working age with a mobile we may text."""
    now = now or timezone.now()
    national_id = rules.clean_typed_digits(national_id)
    digest = rules.national_id_digest(national_id)
    by_address = CodeRequest.objects.filter(
        address=address, at__gte=now - timedelta(minutes=rules.REQUESTS_PER_ADDRESS_MINUTES)
    ).count()
    by_id = CodeRequest.objects.filter(
        id_digest=digest, at__gte=now - timedelta(minutes=rules.CODES_PER_ID_MINUTES)
    ).count()
    CodeRequest.objects.create(id_digest=digest, address=address)
    if by_address >= rules.REQUESTS_PER_ADDRESS or by_id >= rules.CODES_PER_ID:
        return CodeRequestOutcome(id_digest=digest, is_limited=True)
    member = member_for_sign_in(national_id, timezone.localdate(now))
    mobile = member_mobile(member) if member is not None else ""
    if member is None or not mobile:
        # Equal work for an unknown ID: a code is drawn and hashed, then dropped.
        rules.code_hash(rules.new_code(), rules.new_salt())
        return CodeRequestOutcome(id_digest=digest, is_limited=False)
    code, _issued = _issue(
        member=member,
        purpose=OneTimeCode.Purpose.SIGN_IN,
        id_digest=digest,
        minutes=rules.CODE_MINUTES,
        now=now,
    )
    notify(
        event="portal.sign_in_code", member=member, context={"code": code}, channels=("sms",), required=True
    )
    return CodeRequestOutcome(id_digest=digest, is_limited=False)


def _pending(queryset, now):
    return queryset.filter(used_at__isnull=True, expires_at__gt=now, wrong_tries__lt=rules.MAX_WRONG_TRIES)


def _try_codes(codes, typed: str, now) -> OneTimeCode | None:
    """Compare the typed code with each live code; every miss counts against each, 5 misses burn a code."""
    typed = rules.clean_typed_digits(typed)
    for candidate in codes:
        if len(typed) == rules.CODE_LENGTH and rules.code_matches(typed, candidate.salt, candidate.code_hash):
            candidate.used_at = now
            candidate.save(update_fields=["used_at"])
            return candidate
    for candidate in codes:
        candidate.wrong_tries += 1
        candidate.save(update_fields=["wrong_tries"])
    return None


@transaction.atomic
def code_verify(*, id_digest: str, typed: str, now: datetime | None = None) -> Member | None:
    """The member whose pending sign-in (or invitation) code this is, or None for a wrong or dead code."""
    now = now or timezone.now()
    codes = list(
        _pending(
            OneTimeCode.objects.select_for_update().filter(
                id_digest=id_digest,
                purpose__in=[OneTimeCode.Purpose.SIGN_IN, OneTimeCode.Purpose.INVITATION],
            ),
            now,
        ).select_related("member")
    )
    used = _try_codes(codes, typed, now)
    if used is None:
        return None
    member = used.member
    if used.purpose == OneTimeCode.Purpose.INVITATION:
        mobile_verify(actor=None, member=member, mobile=used.mobile)
    audit_record(actor=None, action="portal.sign_in", obj=used, member_id=member.pk, reason=used.purpose)
    return member


@transaction.atomic
def beneficiary_user_ensure(*, member: Member) -> User:
    """The member's own account, created on first sign-in: nobody makes beneficiary accounts by hand."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    if member.user is not None:
        if member.user.role != Role.BENEFICIARY or not member.user.is_active:
            raise PermissionDenied(_("This account cannot sign in to the portal."))
        return member.user
    user = User(
        username=f"member.{member.pk}",
        role=Role.BENEFICIARY,
        first_name=member.first_name[:150],
        last_name=member.family_name[:150],
    )
    user.set_unusable_password()
    user.save()
    Member.objects.filter(pk=member.pk).update(user=user)
    member.user = user
    audit_record(actor=None, action="portal.user_link", obj=user, member_id=member.pk)
    return user


def _parse(mobile: str) -> str:
    try:
        return parse_mobile(mobile)
    except InvalidPhone:
        raise PortalError(_("Enter a Saudi mobile number, e.g. 05XXXXXXXX.")) from None


@transaction.atomic
def invitation_send(*, actor, member: Member, mobile: str, now: datetime | None = None) -> OneTimeCode:
    """An office invites a member who has no usable mobile: a code goes to the number the worker typed, and
    the member's first sign-in with it verifies that number."""
    if not members_editable_by(actor).filter(pk=member.pk).exists():
        raise PermissionDenied
    now = now or timezone.now()
    if not rules.is_of_working_age(member.birth_date, timezone.localdate(now)):
        raise PortalError(_("Only members aged 18 to 59 can use the portal."))
    number = _parse(mobile)
    code, issued = _issue(
        member=member,
        purpose=OneTimeCode.Purpose.INVITATION,
        id_digest=rules.national_id_digest(member.national_id),
        mobile=number,
        minutes=INVITATION_HOURS * 60,
        actor=actor,
        now=now,
    )
    notify(
        event="portal.invitation",
        member=member,
        context={"code": code, "to_address": number},
        channels=("sms",),
        required=True,
    )
    audit_record(actor=actor, action="portal.invitation", obj=issued, member_id=member.pk)
    return issued


@transaction.atomic
def mobile_change_request(*, actor, member: Member, mobile: str, now: datetime | None = None) -> str:
    """The member asks to use a new number: a code goes to it. Returns the number in E.164."""
    if getattr(actor, "member", None) != member:
        raise PermissionDenied
    now = now or timezone.now()
    number = _parse(mobile)
    recent = OneTimeCode.objects.filter(
        member=member,
        purpose=OneTimeCode.Purpose.MOBILE,
        created_at__gte=now - timedelta(minutes=rules.CODES_PER_ID_MINUTES),
    ).count()
    if recent >= rules.CODES_PER_ID:
        raise PortalError(_("Too many codes were asked for. Try again in 15 minutes."))
    code, _issued = _issue(
        member=member,
        purpose=OneTimeCode.Purpose.MOBILE,
        id_digest=rules.national_id_digest(member.national_id),
        mobile=number,
        minutes=rules.CODE_MINUTES,
        now=now,
    )
    notify(
        event="portal.mobile_code",
        member=member,
        context={"code": code, "to_address": number},
        channels=("sms",),
        required=True,
    )
    return number


@transaction.atomic
def mobile_change_confirm(*, actor, member: Member, typed: str, now: datetime | None = None) -> str | None:
    """The verified new number, or None when the code is wrong or dead."""
    if getattr(actor, "member", None) != member:
        raise PermissionDenied
    now = now or timezone.now()
    codes = list(
        _pending(
            OneTimeCode.objects.select_for_update().filter(member=member, purpose=OneTimeCode.Purpose.MOBILE),
            now,
        ).order_by("-pk")[:1]
    )
    used = _try_codes(codes, typed, now)
    if used is None:
        return None
    mobile_verify(actor=actor, member=member, mobile=used.mobile)
    return used.mobile
