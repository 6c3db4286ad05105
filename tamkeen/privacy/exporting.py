"""A member's data export: everything held about them as JSON, a readable Arabic PDF summary, one ZIP.

What is in it, and what is not (docs/data-protection.md explains why):

- the member's registry record and its history; the household's own facts and history (not the other members'
  records: consent and access are per person);
- assessments with their answers, empowerment plans with their actions, appointments, case notes that are not
  confidential (a confidential note is listed by date and office only: it holds the professional's assessment
  and third parties' information, and the member may ask the office supervisor for it);
- referrals with their lifecycle and the exact data each one sent, consents (and the scanned consent forms as
  attachments), the messages sent to them and their message preferences, outcomes with their verifications and follow-ups, productive-family enterprises they own,
  forum invitations and registrations, review flags, correction requests and earlier exports;
- who received the data and when: each partner a referral sent it to (with the categories and fields), every
  partner read, and the audit trail's every read and change of the member's record, by role and organisation
  (the staff member's own name is the staff member's personal data; an auditor can resolve it).
"""

from __future__ import annotations

import io
import json
import posixpath
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.template.loader import render_to_string
from django.utils import translation

FORMAT_VERSION = 1
# Never part of an export: credentials, chain internals and derived matching keys.
NEVER = {"password", "token", "hash", "prev_hash", "name_key", "content", "secret", "client_secret"}


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    return value


def user_label(user) -> dict | None:
    """A staff member as the member sees them: role and organisation, not the person."""
    if user is None:
        return None
    organisation = user.office or user.entity or user.region
    return {
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "organisation": str(organisation) if organisation else "",
    }


def row(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict:
    """Every concrete field of a record, JSON-safe; users as role + organisation; files as "held"."""
    from tamkeen.accounts.models import User

    data: dict = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        name = field.name
        if field.primary_key or name in NEVER or name in exclude:
            continue
        raw = getattr(obj, field.attname)
        if field.is_relation:
            if raw is None:
                data[name] = None
            elif field.related_model is User:
                data[name] = user_label(getattr(obj, name))
            else:
                data[name] = {"id": raw, "label": str(getattr(obj, name))}
        elif isinstance(field, models.FileField):
            data[name] = {"held": bool(raw)}
        else:
            data[name] = _plain(raw)
            if field.choices and raw not in (None, ""):
                data[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
    return data


def _rows(queryset, exclude: tuple[str, ...] = ()) -> list[dict]:
    return [row(obj, exclude) for obj in queryset]


def member_data(member, *, generated_at: datetime, reference: str = "") -> dict:
    """Everything held about one member, as one JSON-safe dictionary (the export's member-data.json)."""
    from tamkeen.appointments.models import Appointment
    from tamkeen.assessments.models import Answer, Assessment
    from tamkeen.cases.models import CaseExit, CaseNote, EmpowermentPlan, HouseholdTransition, PlanAction
    from tamkeen.consent.models import Consent
    from tamkeen.core.models import AuditEvent
    from tamkeen.enterprises.models import Certificate, Enterprise, Financing, Product, Sale
    from tamkeen.forum.models import BoothVisit, CheckIn, Invitation, OnSiteApplication, Registration
    from tamkeen.notifications.models import Message, Preference
    from tamkeen.outcomes.models import FollowUp, Outcome, Verification
    from tamkeen.referrals.models import Referral, ReferralEvent
    from tamkeen.referrals.selectors import data_recipients_of
    from tamkeen.registry.models import RecordChange, ReviewFlag

    from .models import CorrectionRequest, DataExport

    household = member.household
    assessments = Assessment.objects.filter(member=member).order_by("created_at", "pk")
    plans = EmpowermentPlan.objects.filter(member=member).order_by("created_at", "pk")
    notes = (
        CaseNote.objects.filter(member=member)
        .select_related("author", "author_office")
        .order_by("created_at")
    )
    referrals = Referral.objects.filter(member=member).order_by("created_at", "pk")
    outcomes = Outcome.objects.filter(member=member).order_by("date", "pk")
    enterprises = Enterprise.objects.filter(owner=member).order_by("pk")
    registrations = Registration.objects.filter(member=member).order_by("pk")
    open_notes = [note for note in notes if not note.is_confidential]
    confidential = [note for note in notes if note.is_confidential]

    recipients = []
    for item in data_recipients_of(member):
        recipients.append(
            {
                "at": _plain(item["at"]),
                "what": item["what"],
                "recipient": str(item["entity"]) if item.get("entity") else "",
                "referral": item["referral"].public_id if item.get("referral") else None,
                "categories": list(item.get("categories") or []),
                "fields": list(item.get("fields") or []),
            }
        )
    events = (
        AuditEvent.objects.filter(member_id=member.pk)
        .select_related("actor__office", "actor__entity", "actor__region")
        .order_by("at", "id")
    )
    access_log = [
        {"at": _plain(event.at), "kind": event.kind, "action": event.action, "by": user_label(event.actor)}
        for event in events
    ]

    return {
        "format": {"name": "tamkeen-member-data", "version": FORMAT_VERSION},
        "reference": reference,
        "generated_at": _plain(generated_at),
        "member": row(member, exclude=("user", "household", "needs_review")),
        "member_history": _rows(
            RecordChange.objects.filter(member=member).select_related("actor").order_by("at", "id"),
            exclude=("household", "member"),
        ),
        "household": row(household, exclude=("needs_review",)),
        "household_history": _rows(
            RecordChange.objects.filter(household=household, member__isnull=True).order_by("at", "id"),
            exclude=("household", "member"),
        ),
        "household_transitions": _rows(
            HouseholdTransition.objects.filter(household=household).order_by("pk")
        ),
        "case_exits": _rows(CaseExit.objects.filter(household=household).order_by("pk")),
        "assessments": [
            {
                **row(a, exclude=("member",)),
                "answers": _rows(Answer.objects.filter(assessment=a), ("assessment",)),
            }
            for a in assessments
        ],
        "plans": [
            {**row(p, exclude=("member",)), "actions": _rows(PlanAction.objects.filter(plan=p), ("plan",))}
            for p in plans
        ],
        "notes": _rows(open_notes, exclude=("member", "is_confidential")),
        "confidential_notes_withheld": [
            {"written": _plain(note.created_at), "office": str(note.author_office)} for note in confidential
        ],
        "appointments": _rows(Appointment.objects.filter(member=member).order_by("pk"), ("member",)),
        "referrals": [
            {
                **row(r, exclude=("member",)),
                "events": _rows(ReferralEvent.objects.filter(referral=r), ("referral",)),
            }
            for r in referrals
        ],
        "consents": _rows(Consent.objects.filter(member=member).order_by("given_at", "pk"), ("member",)),
        "accommodation_needs": _rows(member.accommodation_needs.order_by("pk"), ("member",)),
        "outcomes": [
            {
                **row(o, exclude=("member",)),
                "verifications": _rows(Verification.objects.filter(outcome=o), ("outcome",)),
                "follow_ups": _rows(FollowUp.objects.filter(outcome=o), ("outcome",)),
            }
            for o in outcomes
        ],
        "enterprises": [
            {
                **row(e, exclude=("owner",)),
                "certificates": _rows(Certificate.objects.filter(enterprise=e), ("enterprise",)),
                "financing": _rows(Financing.objects.filter(enterprise=e), ("enterprise",)),
                "products": _rows(Product.objects.filter(enterprise=e), ("enterprise",)),
                "sales": _rows(Sale.objects.filter(enterprise=e), ("enterprise",)),
            }
            for e in enterprises
        ],
        "forum": {
            "invitations": _rows(Invitation.objects.filter(member=member).order_by("pk"), ("member",)),
            "registrations": [
                {
                    **row(r, exclude=("member", "short_code")),
                    "check_ins": _rows(CheckIn.objects.filter(registration=r), ("registration",)),
                    "booth_visits": _rows(BoothVisit.objects.filter(registration=r), ("registration",)),
                    "applications": _rows(
                        OnSiteApplication.objects.filter(registration=r), ("registration",)
                    ),
                }
                for r in registrations
            ],
        },
        "messages": _rows(
            Message.objects.filter(member=member).order_by("created_at", "pk"),
            ("member", "idempotency_key", "provider_reference"),
        ),
        "message_preferences": _rows(Preference.objects.filter(member=member), ("member",)),
        "review_flags": _rows(ReviewFlag.objects.filter(member=member).order_by("pk"), ("member",)),
        "correction_requests": _rows(
            CorrectionRequest.objects.filter(member=member).order_by("pk"), ("member",)
        ),
        "earlier_exports": _rows(
            DataExport.objects.filter(member=member, status=DataExport.Status.DONE).order_by("pk"),
            ("member", "file", "error"),
        ),
        "shared_with": recipients,
        "access_log": access_log,
    }


def _font_free_fetcher(url: str, *args, **kwargs):
    """The PDF is built from the template alone: nothing is fetched, from the network or elsewhere."""
    raise ValueError(f"the summary fetches no resources ({url[:40]})")


def summary_pdf(member, data: dict) -> bytes:
    """The readable Arabic summary (WeasyPrint; Noto Naskh/Sans Arabic from the system fonts)."""
    from weasyprint import HTML

    with translation.override("ar"):
        html = render_to_string("privacy/export_summary.html", {"member": member, "data": data})
    return HTML(string=html, url_fetcher=_font_free_fetcher).write_pdf()


def build_zip(member, *, generated_at: datetime, reference: str = "") -> bytes:
    """member-data.json, summary-ar.pdf and the scanned consent forms, in one ZIP."""
    from tamkeen.consent.models import Consent

    with translation.override("ar"):
        data = member_data(member, generated_at=generated_at, reference=reference)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("member-data.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))
        archive.writestr("summary-ar.pdf", summary_pdf(member, data))
        for consent in Consent.objects.filter(member=member).exclude(scanned_form=""):
            extension = posixpath.splitext(consent.scanned_form.name)[1][:10]
            try:
                with consent.scanned_form.open("rb") as handle:
                    archive.writestr(f"attachments/consent-{consent.pk}{extension}", handle.read())
            except FileNotFoundError:
                continue
    return buffer.getvalue()
