"""Spelling out a track recommendation in the reader's language, from the codes scoring.py stores."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tamkeen.opportunities.models import Track
from tamkeen.registry.models import Member


def _label(choices, value: str) -> str:
    return dict(choices).get(value, value)


def describe_reason(reason: dict) -> str:
    code, value, score = reason.get("code"), reason.get("value", ""), reason.get("score")
    score_text = number_format(score, 1) if score is not None else "—"
    if code == "education":
        if value in ("", "none"):
            return _("no schooling")
        return _("%(level)s education") % {"level": _label(Member.Education.choices, value)}
    if code == "capacity":
        if value == "unknown":
            return _("work capacity not recorded")
        return str(_label(Member.WorkCapacity.choices, value)).lower()
    if code == "readiness":
        return _("readiness %(score)s/5") % {"score": score_text}
    if code == "low_readiness":
        return _("readiness below 2.5/5 on every track (best %(score)s/5)") % {"score": score_text}
    if code == "caregiver":
        return _("caregiver duty")
    if code == "no_caregiver":
        return _("no caregiver duty")
    if code == "student":
        return _("full-time student, exempt from the job-search duty")
    if code == "disability":
        return _("has a disability: check accessible opportunities")
    return str(code)


def describe_recommendation(track: str, reasons: list[dict]) -> str:
    head = _label(Track.choices, track) if track else _("no work-related track")
    return _("%(track)s: %(reasons)s") % {
        "track": head,
        "reasons": _(", ").join(describe_reason(r) for r in reasons),
    }
