"""Accommodation needs against accessibility features: one pure rule, no database.

    from tamkeen.opportunities.accessibility import unmet_needs

    gaps = unmet_needs(["mobility"], ["step_free_access"], is_online=False)   # ["mobility"]: no accessible toilet

A need is met when the opportunity (or its venue) offers every feature of at least one of the ways of meeting
it (``WAYS``). Online opportunities offer remote work by their nature. A need of kind "other" is described
only in the member's own words, so no feature list can decide it: it never excludes anyone, and staff are
asked to check it with the entity. The matcher applies the same rule over bit masks (tamkeen.matching.scoring);
a test checks that the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from tamkeen.registry.models import AccommodationNeed

NeedKind = AccommodationNeed.Kind


class Feature(models.TextChoices):
    STEP_FREE_ACCESS = "step_free_access", _("Step-free access (ramps, lifts)")
    ACCESSIBLE_TOILETS = "accessible_toilets", _("Accessible toilets")
    SIGN_LANGUAGE = "sign_language", _("Sign-language interpretation")
    SCREEN_READER = "screen_reader", _("Screen-reader-friendly materials")
    EASY_READ = "easy_read", _("Plain-language materials and a support person")
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible hours")
    REMOTE_WORK = "remote_work", _("Remote work or study")


FEATURES: tuple[str, ...] = tuple(Feature.values)
NEED_KINDS: tuple[str, ...] = tuple(NeedKind.values)

# Each need: the alternative sets of features that meet it (any one set, every feature in it).
WAYS: dict[str, tuple[frozenset[str], ...]] = {
    NeedKind.MOBILITY: (
        frozenset({Feature.STEP_FREE_ACCESS, Feature.ACCESSIBLE_TOILETS}),
        frozenset({Feature.REMOTE_WORK}),
    ),
    NeedKind.VISION: (frozenset({Feature.SCREEN_READER}),),
    NeedKind.HEARING: (frozenset({Feature.SIGN_LANGUAGE}),),
    NeedKind.COGNITIVE: (frozenset({Feature.EASY_READ}), frozenset({Feature.FLEXIBLE_HOURS})),
    NeedKind.OTHER: (frozenset(),),  # decided by people, not by the feature list
}


def effective_features(features: Iterable[str] | None, *, is_online: bool = False) -> frozenset[str]:
    offered = {f for f in (features or ()) if f in FEATURES}
    if is_online:
        offered.add(Feature.REMOTE_WORK)
    return frozenset(offered)


def is_met(need: str, features: frozenset[str]) -> bool:
    return any(way <= features for way in WAYS.get(need, (frozenset(),)))


def unmet_needs(needs: Iterable[str] | None, features, *, is_online: bool = False) -> list[str]:
    """The member's needs the opportunity does not meet, in NEED_KINDS order."""
    offered = effective_features(features, is_online=is_online)
    wanted = set(needs or ())
    return [need for need in NEED_KINDS if need in wanted and not is_met(need, offered)]


def gap_sentence(need: str) -> str:
    """Why a need is not met, in plain words for staff and for the member (active language)."""
    sentences = {
        NeedKind.MOBILITY: gettext(
            "Needs step-free access and an accessible toilet (or remote work); the opportunity lists neither."
        ),
        NeedKind.VISION: gettext(
            "Needs screen-reader-friendly materials; the opportunity does not list them."
        ),
        NeedKind.HEARING: gettext("Needs sign-language interpretation; the opportunity does not list it."),
        NeedKind.COGNITIVE: gettext(
            "Needs plain-language materials with a support person, or flexible hours; the opportunity lists "
            "neither."
        ),
    }
    return sentences.get(need, "")


def met_sentence(needs: Iterable[str]) -> str:
    """What the opportunity offers for the member's needs (the matcher's explanation)."""
    labels = [str(NeedKind(need).label) for need in NEED_KINDS if need in set(needs)]
    if not labels:
        return ""
    return gettext("Offers what the member's needs call for (%(needs)s).") % {
        "needs": pgettext("list separator", ", ").join(labels)
    }


def features_label(features: Iterable[str]) -> list[str]:
    return [str(Feature(f).label) for f in FEATURES if f in set(features or ())]
