from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tamkeen.opportunities.eligibility import conditions_of, evaluate, person_of
from tamkeen.opportunities.models import Opportunity


def filter_catalogue(
    opportunities: QuerySet[Opportunity], *, track="", governorate=None, has_seats=False, q=""
) -> QuerySet[Opportunity]:
    if track:
        opportunities = opportunities.filter(track=track)
    if governorate is not None:
        opportunities = opportunities.filter(Q(governorate=governorate) | Q(mode=Opportunity.Mode.ONLINE))
    if has_seats:
        opportunities = opportunities.filter(status=Opportunity.Status.OPEN, seats_taken__lt=F("capacity"))
    if q:
        opportunities = opportunities.filter(
            Q(title_ar__icontains=q)
            | Q(title_en__icontains=q)
            | Q(occupation__icontains=q)
            | Q(code__iexact=q)
        )
    return opportunities.order_by("-status", "starts_on", "code")


def with_eligibility(opportunities, member, today=None) -> list[tuple[Opportunity, list]]:
    """Each opportunity with the conditions the member fails (an empty list: eligible)."""
    today = today or timezone.localdate()
    person = person_of(member)
    return [
        (opportunity, evaluate(conditions_of(opportunity), person, today)) for opportunity in opportunities
    ]


def needs_to_confirm(member) -> list:
    """The member's usable needs of kind "other": no feature list decides them, so staff check them by hand."""
    from tamkeen.registry.models import AccommodationNeed

    return list(AccommodationNeed.objects.usable().filter(member=member, kind=AccommodationNeed.Kind.OTHER))
