"""The message channel to members: Django's mail framework addressed to an SMS gateway.

In development the console (or file) mail backend prints the messages; a deployment sets the mail backend and
TAMKEEN_SMS_GATEWAY_DOMAIN for its SMS provider's email-to-SMS gateway.
"""

from django.conf import settings
from django.core.mail import EmailMessage

DEFAULT_GATEWAY_DOMAIN = "sms.tamkeen.invalid"


def gateway_address(phone: str) -> str:
    domain = getattr(settings, "TAMKEEN_SMS_GATEWAY_DOMAIN", DEFAULT_GATEWAY_DOMAIN)
    return f"{phone.lstrip('+')}@{domain}"


def send_text(*, phone: str, subject: str, body: str) -> bool:
    if not phone:
        return False
    return bool(EmailMessage(subject=subject, body=body, to=[gateway_address(phone)]).send())
