"""What each event says. Every message text lives here (or is registered here by the app that owns the event),
written once in English for the catalogue and rendered in the person's language.

A template names its placeholders; ``notify(context=...)`` supplies them. Dates in the context are shown Hijri
first, then Gregorian. ``office`` (the office to call) is filled in from the member's household when the caller
does not give it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

MEMBER_CHANNELS = ("sms", "in_app")
STAFF_CHANNELS = ("email",)


@dataclass(frozen=True)
class EventTemplate:
    name: str
    subject: str
    body: str
    member_channels: tuple[str, ...] = MEMBER_CHANNELS
    staff_channels: tuple[str, ...] = STAFF_CHANNELS
    # Codes must arrive now: they ignore quiet hours. Everything else waits for the morning.
    is_urgent: bool = False
    # Add "for help, contact <office>" under the text.
    names_office: bool = True
    placeholders: tuple[str, ...] = field(default=())


EVENTS: dict[str, EventTemplate] = {}


def register(template: EventTemplate) -> EventTemplate:
    EVENTS[template.name] = template
    return template


def in_their_language(value: Callable[[], str]):
    """A context value computed when the text is written, in the person's language (an opportunity's title,
    a choice's label), rather than in the language of whoever caused the message."""
    return lazy(value, str)()


def template_for(event: str) -> EventTemplate:
    try:
        return EVENTS[event]
    except KeyError:
        raise ValueError(f"No message template for the event {event!r}.") from None


register(
    EventTemplate(
        name="portal.sign_in_code",
        subject=_("Your sign-in code"),
        body=_(
            "Your Tamkeen sign-in code is %(code)s. It is valid for 5 minutes. Never share it with anyone."
        ),
        member_channels=("sms",),
        is_urgent=True,
        names_office=False,
    )
)
register(
    EventTemplate(
        name="portal.mobile_code",
        subject=_("Confirm your mobile number"),
        body=_("Your code to confirm this mobile number in Tamkeen is %(code)s. It is valid for 5 minutes."),
        member_channels=("sms",),
        is_urgent=True,
        names_office=False,
    )
)
register(
    EventTemplate(
        name="portal.invitation",
        subject=_("Your invitation to Tamkeen"),
        body=_(
            "%(office)s invites you to follow your empowerment plan on Tamkeen. "
            "Your code is %(code)s; it is valid for 5 minutes."
        ),
        member_channels=("sms",),
        is_urgent=True,
        names_office=False,
    )
)
register(
    EventTemplate(
        name="referral.sent",
        subject=_("You were referred to an opportunity"),
        body=_("You were referred to %(opportunity)s at %(entity)s. The entity will answer by %(deadline)s."),
    )
)
register(
    EventTemplate(
        name="referral.accepted",
        subject=_("Your referral was accepted"),
        body=_("%(entity)s accepted you for %(opportunity)s. Your case worker will tell you the next step."),
    )
)
register(
    EventTemplate(
        name="referral.declined",
        subject=_("Your referral was declined"),
        body=_(
            "%(entity)s did not accept you for %(opportunity)s (%(reason)s). "
            "Your case worker will look for another opportunity with you."
        ),
    )
)
register(
    EventTemplate(
        name="referral.expiring",
        subject=_("A referral is about to expire"),
        body=_(
            "%(entity)s has not yet answered the referral to %(opportunity)s; it expires on %(deadline)s."
        ),
    )
)
register(
    EventTemplate(
        name="referral.expired",
        subject=_("Referrals expired without an answer"),
        body=_("%(count)s referrals of %(office)s expired without an answer from the entity."),
        names_office=False,
    )
)
register(
    EventTemplate(
        name="plan.approved",
        subject=_("Your empowerment plan was approved"),
        body=_("Your empowerment plan (%(track)s) was approved. Your first step is due on %(due)s."),
    )
)
register(
    EventTemplate(
        name="forum.invitation",
        subject=_("Invitation to the Empowerment Forum"),
        body=_(
            "You are invited to %(event)s at %(venue)s from %(start)s to %(end)s. "
            "Your entry code: %(code)s. Show your badge or this code at the door."
        ),
        member_channels=("sms", "in_app"),
    )
)
register(
    EventTemplate(
        name="forum.badge",
        subject=_("Your forum badge"),
        body=_(
            "Your badge for %(event)s at %(venue)s, from %(start)s, is issued. Your entry code: %(code)s. "
            "If you did not register, tell your office."
        ),
    )
)
register(
    EventTemplate(
        name="enterprise.certificate_renewal",
        subject=_("Productive-family certificate to renew"),
        body=_("The certificate %(number)s of %(name)s (file %(file)s) expires on %(date)s."),
    )
)
register(
    EventTemplate(
        name="enterprise.certificate_renewal_member",
        subject=_("Your productive-family certificate expires soon"),
        body=_(
            "Your productive-family certificate %(number)s expires on %(date)s. Renew it to keep selling."
        ),
    )
)
register(
    EventTemplate(
        name="case.sanction_exit",
        subject=_("A decision about your social-security pension"),
        body=_(
            "Your household's pension stops from %(date)s because %(ground)s. "
            "You may appeal within %(appeal_days)s days: ask %(office)s or file an appeal in the portal."
        ),
    )
)
# The appointment and grievance apps call notify() with these events; their context keys are in the text.
register(
    EventTemplate(
        name="appointment.invited",
        subject=_("An appointment with your case worker"),
        body=_(
            "You have an appointment (%(kind)s) on %(date)s at %(time)s, %(place)s. "
            "Confirm it or ask for another time in the portal."
        ),
    )
)
register(
    EventTemplate(
        name="appointment.reminder",
        subject=_("Your appointment is tomorrow"),
        body=_("Reminder: your appointment (%(kind)s) is on %(date)s at %(time)s, %(place)s."),
    )
)
register(
    EventTemplate(
        name="appointment.rescheduled",
        subject=_("Your appointment was moved"),
        body=_("Your appointment (%(kind)s) was moved to %(date)s at %(time)s, %(place)s."),
    )
)
register(
    EventTemplate(
        name="appointment.cancelled",
        subject=_("Your appointment was cancelled"),
        body=_("Your appointment (%(kind)s) on %(date)s at %(time)s was cancelled."),
    )
)
register(
    EventTemplate(
        name="appointment.other_slot_asked",
        subject=_("A member asked for another appointment time"),
        body=_("%(member_name)s asked for another time than %(date)s at %(time)s (%(kind)s)."),
        names_office=False,
    )
)
register(
    EventTemplate(
        name="grievance.received",
        subject=_("We received your complaint"),
        body=_("We received your complaint %(number)s. We will answer by %(due)s."),
    )
)
register(
    EventTemplate(
        name="grievance.answered",
        subject=_("Your complaint was answered"),
        body=_("Your complaint %(number)s was answered: %(answer)s"),
    )
)
register(
    EventTemplate(
        name="grievance.overdue",
        subject=_("A complaint is overdue"),
        body=_("The complaint %(number)s passed its service time on %(due)s and was escalated to you."),
    )
)
