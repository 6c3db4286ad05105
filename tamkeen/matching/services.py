"""Match runs and what case workers do with their proposals.

A run loads the members in scope and the open opportunities (selectors), scores and allocates them with
the pure functions of scoring.py / allocation.py, and turns each assignment into a `proposed` referral
through the referrals app's own `referral_propose` (source "matcher", with the score and its components).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.matching import allocation, scoring, selectors
from tamkeen.matching.models import MatchRun, RejectedPair
from tamkeen.opportunities.models import Opportunity, Track
from tamkeen.referrals.models import Referral, Source, Status
from tamkeen.referrals.services import referral_propose, referral_send, referral_withdraw
from tamkeen.registry.models import Member

TOP_K = 12


class MatchingError(ValueError):
    pass


def _may_run_for(actor, office) -> bool:
    if actor is None:
        return True  # the command line
    if actor.is_supervisor:
        return office is not None and actor.office_id == office.pk
    return actor.is_administrator


@transaction.atomic
def match_run_create(*, actor, office=None, track: str = "", is_dry_run: bool = False) -> MatchRun:
    if not _may_run_for(actor, office):
        raise PermissionDenied
    if track and track not in Track.values:
        raise MatchingError(_("Unknown track."))
    if (
        office is not None
        and MatchRun.objects.filter(
            office=office, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
        ).exists()
    ):
        raise MatchingError(_("A match run for this office is already under way."))
    run = MatchRun.objects.create(office=office, track=track, is_dry_run=is_dry_run, started_by=actor)
    audit_record(
        actor=actor, action="match_run.create", obj=run, changes={"office": [None, office and office.code]}
    )
    return run


def _progress(run: MatchRun, percent: int, stage: str) -> None:
    run.progress, run.stage = percent, stage
    MatchRun.objects.filter(pk=run.pk).update(progress=percent, stage=stage, updated_at=timezone.now())


def match_run_execute(*, run: MatchRun, on_progress: Callable[[int, str], None] | None = None) -> MatchRun:
    """Do the run's work; safe to call from a task or a command. Marks the run failed on any error."""
    started = time.perf_counter()
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING, updated_at=timezone.now())

    def progress(percent, stage):
        _progress(run, percent, stage)
        if on_progress:
            on_progress(percent, stage)

    try:
        progress(5, "loading")
        today = timezone.localdate()
        loaded = selectors.load_instance(
            selectors.members_in_scope(office=run.office, track=run.track),
            selectors.open_opportunities(track=run.track),
            today,
        )
        progress(30, "scoring")
        mi, oj, s = scoring.candidate_pairs(
            loaded.members, loaded.opportunities, loaded.bands, shares=loaded.shares
        )
        progress(55, "allocating")
        result = allocation.allocate(
            mi,
            oj,
            scoring.to_int_scores(s),
            loaded.opportunities.open_seats,
            len(loaded.members),
            top_k=TOP_K,
            presorted=True,
            excluded=loaded.excluded,
            tolerance=0.0,
        )
        progress(75, "proposing")
        if not run.is_dry_run:
            _propose(run, loaded, result)
        fields = {
            "members": len(loaded.members),
            "opportunities": len(loaded.opportunities),
            "seats": int(loaded.opportunities.open_seats.sum()),
            "assigned": len(result),
            "total_score": round(result.total_score / allocation.SCALE, 3),
        }
    except Exception as error:
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    fields["seconds"] = round(time.perf_counter() - started, 3)
    MatchRun.objects.filter(pk=run.pk).update(
        **fields, status=MatchRun.Status.DONE, progress=100, stage="done", finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _propose(run: MatchRun, loaded: selectors.LoadedInstance, result: allocation.Allocation) -> None:
    members = Member.objects.select_related("household__office").in_bulk(
        loaded.member_ids[result.member].tolist()
    )
    opportunities = Opportunity.objects.in_bulk(loaded.opportunity_ids[result.opportunity].tolist())
    actor = run.started_by
    for i, j, score in zip(
        result.member.tolist(), result.opportunity.tolist(), result.score.tolist(), strict=True
    ):
        explanation = explain_in_every_language(
            selectors.member_row(loaded, i), selectors.opportunity_row(loaded, j), loaded.bands, loaded.shares
        )
        explanation["run"] = run.pk
        referral_propose(
            actor=actor,
            member=members[int(loaded.member_ids[i])],
            opportunity=opportunities[int(loaded.opportunity_ids[j])],
            source=Source.MATCHER,
            match_score=score / allocation.SCALE,
            match_explanation=explanation,
        )


def explain_in_every_language(
    member_row: dict,
    opportunity_row: dict,
    bands,
    shares: scoring.PriorityShares = scoring.DEFAULT_PRIORITY_SHARES,
) -> dict:
    """scoring.explain() once per interface language, so the stored words follow the reader's language."""
    merged: dict = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            explained = scoring.explain(member_row, opportunity_row, bands=bands, shares=shares)
        if not merged:
            merged = {
                "score": explained["score"],
                "components": [
                    {"name": c["name"], "value": c["value"], "weight": c["weight"], "label": {}, "text": {}}
                    for c in explained["components"]
                ],
            }
        for stored, part in zip(merged["components"], explained["components"], strict=True):
            stored["label"][code] = part["label"]
            stored["text"][code] = part["text"]
    return merged


def _check_proposal(actor, referral: Referral) -> None:
    if not (actor.is_office_staff and actor.office_id == referral.member.household.office_id):
        raise PermissionDenied
    if referral.source != Source.MATCHER or referral.status != Status.PROPOSED:
        raise MatchingError(
            _("Only a proposal of the matcher that is still proposed can be confirmed or rejected.")
        )


def proposal_confirm(*, actor, referral: Referral) -> Referral:
    """The case worker agrees: the referrals app sends it (consent checked, seat taken)."""
    _check_proposal(actor, referral)
    return referral_send(actor=actor, referral=referral)


@transaction.atomic
def proposal_reject(*, actor, referral: Referral, reason: str) -> RejectedPair:
    """The case worker disagrees: the proposal is withdrawn and the pair is never proposed again."""
    _check_proposal(actor, referral)
    reason = (reason or "").strip()
    if not reason:
        raise MatchingError(_("Give a reason."))
    referral_withdraw(actor=actor, referral=referral, reason_code=Referral.Reason.OTHER, reason_text=reason)
    pair, _created = RejectedPair.objects.update_or_create(
        member=referral.member,
        opportunity=referral.opportunity,
        defaults={"reason": reason[:300], "referral": referral, "rejected_by": actor},
    )
    audit_record(
        actor=actor,
        action="matching.reject",
        obj=pair,
        member_id=referral.member_id,
        changes={"opportunity": [None, referral.opportunity.code]},
        reason=reason[:300],
    )
    return pair


def component_rows(referral: Referral) -> list[dict]:
    """The stored components of a proposal, in the active language, for the "why this match" list."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]

    def pick(value):
        if isinstance(value, dict):
            return value.get(language) or next(iter(value.values()), "")
        return value or ""

    return [
        {
            "name": part.get("name", ""),
            "label": pick(part.get("label")),
            "text": pick(part.get("text")),
            "percent": round(100 * float(part.get("value", 0))),
            "weight_percent": round(100 * float(part.get("weight", 0))),
        }
        for part in (referral.match_explanation or {}).get("components", [])
    ]
