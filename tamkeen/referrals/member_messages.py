"""What a member is told about their referral, through the platform's outbox."""

from tamkeen.notifications.events import in_their_language
from tamkeen.notifications.services import notify


def tell_member(event: str, referral) -> list:
    opportunity = referral.opportunity
    return notify(
        event=event,
        member=referral.member,
        context={
            "opportunity": in_their_language(lambda: opportunity.title),
            "entity": in_their_language(lambda: opportunity.entity.name),
            "deadline": referral.due_by,
            "reason": in_their_language(
                lambda: referral.get_reason_code_display() if referral.reason_code else referral.reason_text
            ),
            "dedupe_key": f"{event}:{referral.pk}",
        },
    )
