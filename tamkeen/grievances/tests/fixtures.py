"""The categories the data migration ships; a transactional test elsewhere may have flushed them."""

from datetime import date

from tamkeen.grievances.models import Category, ServiceLevel

SMS_AND_PORTAL = ["in_app", "sms"]


def category(code: str = "benefits", hours: int = 72, manager_hours: int = 48) -> Category:
    top, _ = Category.objects.get_or_create(
        code=code, defaults={"name_ar": "خدمات الضمان الاجتماعي", "name_en": "Social-security services"}
    )
    ServiceLevel.objects.update_or_create(
        category=top,
        effective_from=date(2020, 1, 1),
        defaults={"hours": hours, "manager_hours": manager_hours},
    )
    return top


def sub_category(parent: Category, code: str = "benefits-payment") -> Category:
    child, _ = Category.objects.get_or_create(
        code=code, defaults={"name_ar": "صرف المعاش", "name_en": "Pension payment", "parent": parent}
    )
    return child


def told(event: str, *, member=None, user=None) -> list[str]:
    """The channels the outbox holds this event on for this person (a member gets SMS and in-app)."""
    from tamkeen.notifications.models import Message

    messages = Message.objects.filter(event=event)
    if member is not None:
        messages = messages.filter(member=member)
    if user is not None:
        messages = messages.filter(user=user)
    return sorted(messages.values_list("channel", flat=True))
