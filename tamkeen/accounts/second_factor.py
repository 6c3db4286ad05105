"""Staff second factor (contracts: security rule 2): TOTP with single-use recovery codes, via django-otp."""

import io
from base64 import b32encode

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamkeen.accounts.models import Role
from tamkeen.accounts.rules import HAS_SECOND_FACTOR

TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def is_staff_account(user) -> bool:
    return user.is_authenticated and user.role != Role.BENEFICIARY


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_required(user, session) -> bool:
    """Production asks every staff role; elsewhere only those who enrolled (remembered in the session at sign-in)."""
    if not is_staff_account(user):
        return False
    return settings.TAMKEEN_REQUIRE_SECOND_FACTOR or bool(session.get(HAS_SECOND_FACTOR))


def pending_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def confirmed_devices(user) -> list:
    return list(devices_for_user(user, confirmed=True))


def is_throttled(user) -> bool:
    """django-otp doubles the wait after each wrong code; a right code during the wait is refused too."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True))


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


def base32_secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii")


def qr_svg(text: str) -> bytes:
    """The QR code as a standalone SVG document (served by a view: no inline markup, no CDN)."""
    # Imported here: only the enrolment page draws a code, and the library (with Pillow) is slow to load.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
