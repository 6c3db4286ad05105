"""What each document states: its key facts (plain values, fingerprinted) and the template that prints them.

The facts are codes, numbers and dates, never translated labels, so the same document issued in Arabic or in
English has the same fingerprint; the templates turn the codes into words in the reader's language.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext

from .access import Subject
from .models import Kind

TEMPLATES = {
    Kind.REFERRAL_LETTER: "documents/pdf/referral_letter.html",
    Kind.SANCTION_NOTICE: "documents/pdf/sanction_notice.html",
    Kind.GRADUATION_CERTIFICATE: "documents/pdf/graduation_certificate.html",
    Kind.PRODUCTIVE_FAMILY_CERTIFICATE: "documents/pdf/productive_family.html",
    Kind.YEAR_FIGURES: "documents/pdf/year_figures.html",
}


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def fingerprint(kind: str, reference: str, facts: dict) -> str:
    """SHA-256 of the canonical JSON of the facts: the same facts give the same hash on any machine."""
    canonical = json.dumps(
        {"kind": str(kind), "reference": reference, "facts": facts},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_plain,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def initials(first_name: str, family_name: str) -> str:
    """ "م. ح." for محمد الحازمي: enough to match a paper to its page, not enough to name anyone.

    The article ال is skipped (every second family name starts with it); آل is a word of the name and kept.
    """
    letters = []
    for part in (first_name, family_name):
        word = (part or "").strip()
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word:
            letters.append(word[0].upper())
    return " ".join(f"{letter}." for letter in letters)


def _localdate(value) -> date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def referral_facts(referral) -> dict:
    member = referral.member
    return {
        "member": member.full_name,
        "national_id": member.national_id,
        "opportunity": referral.opportunity.code,
        "entity": referral.opportunity.entity.code,
        "office": referral.office.code,
        "sent_on": _localdate(referral.sent_at),
    }


def exit_facts(case_exit, head) -> dict:
    facts = {
        "file_number": case_exit.household.file_number,
        "head": head.full_name if head else "",
        "national_id": head.national_id if head else "",
        "office": case_exit.household.office.code,
        "exited_on": case_exit.exited_on,
    }
    if case_exit.kind == "sanction":
        facts.update(ground=case_exit.ground, legal_reference=case_exit.legal_reference)
    elif case_exit.transition_id:
        facts.update(
            outcome_date=case_exit.transition.outcome_date, transition_ends=case_exit.transition.ends_on
        )
    return facts


def certificate_facts(certificate) -> dict:
    enterprise = certificate.enterprise
    return {
        "certificate": certificate.number,
        "enterprise": enterprise.name,
        "activity": enterprise.activity_id,
        "owner": enterprise.owner.full_name,
        "national_id": enterprise.owner.national_id,
        "file_number": enterprise.household.file_number,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
    }


def figures_scope(subject: Subject):
    from tamkeen.geography.models import Office
    from tamkeen.reports.selectors import Scope

    if isinstance(subject.obj, Office):
        return Scope(subject.region.pk, [subject.obj.pk], subject.obj.name, [subject.obj])
    if subject.region is None:
        offices = list(Office.objects.order_by("code"))
        return Scope(None, None, gettext("Every region"), offices)
    offices = list(Office.objects.filter(region=subject.region).order_by("code"))
    return Scope(subject.region.pk, None, subject.region.name, offices)


def year_figures(subject: Subject) -> dict:
    """The headline, each office's row and the exits for the Hijri year, from the reports' own selectors."""
    from tamkeen.outcomes.counting import FIGURES
    from tamkeen.reports import selectors

    scope = figures_scope(subject)
    year = subject.year
    headline = selectors.headline(scope, year, "hijri")
    offices = selectors.office_table(scope, year, "hijri")
    exits = selectors.exits_table(scope, year, "hijri")
    return {
        "year": year,
        "calendar": "hijri",
        "scope": getattr(subject.obj, "code", ""),
        "headline": {name: int(headline.get(name, 0)) for name in FIGURES},
        # office code → families, members, employment, economic, training completions (the table's columns)
        "offices": {
            key: [row[1], row[4], row[6], row[7], row[8]]
            for key, row in zip(offices.keys, offices.rows, strict=True)
        },
        "exits": dict(zip(exits.keys, [row[1] for row in exits.rows], strict=True)) if exits else {},
    }


def facts_of(subject: Subject) -> dict:
    if subject.kind == Kind.REFERRAL_LETTER:
        return referral_facts(subject.obj)
    if subject.kind in (Kind.SANCTION_NOTICE, Kind.GRADUATION_CERTIFICATE):
        return exit_facts(subject.obj, subject.member)
    if subject.kind == Kind.PRODUCTIVE_FAMILY_CERTIFICATE:
        return certificate_facts(subject.obj)
    return year_figures(subject)


def still_stands(document, subject_obj, today: date | None = None) -> bool:
    """Whether what the paper states is still in force: a reversed exit, a withdrawn or expired referral and a
    lapsed certificate are not, whatever the paper says. A year's figures are figures "as of" their date."""
    if document.kind == Kind.YEAR_FIGURES:
        return True
    if subject_obj is None:
        return False
    today = today or timezone.localdate()
    if document.kind == Kind.REFERRAL_LETTER:
        from tamkeen.referrals.models import Status as ReferralStatus

        return subject_obj.status not in (ReferralStatus.WITHDRAWN, ReferralStatus.EXPIRED)
    if document.kind in (Kind.SANCTION_NOTICE, Kind.GRADUATION_CERTIFICATE):
        return subject_obj.reentered_at is None
    if document.kind == Kind.PRODUCTIVE_FAMILY_CERTIFICATE:
        return subject_obj.expires_on >= today
    return True
