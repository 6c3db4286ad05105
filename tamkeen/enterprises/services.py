"""Every write to productive-family records: named, keyword-only, atomic, audited."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_record
from tamkeen.enterprises.models import ApprovedActivity, Certificate, Enterprise, Financing, Product, Sale
from tamkeen.enterprises.outcomes_link import record_economic_outcome
from tamkeen.enterprises.rules import certificate_expiry
from tamkeen.notifications.services import notify
from tamkeen.registry.access import can_edit_household

ACTIVITIES_FILE = Path(__file__).parent / "data" / "approved_activities.json"
EDITOR_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR)


class EnterpriseError(ValidationError):
    pass


def _require_editor(actor, enterprise_or_household) -> None:
    household = getattr(enterprise_or_household, "household", enterprise_or_household)
    if actor is None:  # system jobs (seed, imports) act without a person
        return
    if actor.role not in EDITOR_ROLES or not can_edit_household(actor, household):
        raise PermissionDenied(_("Only the office that holds the family's file can change its enterprise."))


def activities_load(*, path: Path = ACTIVITIES_FILE) -> int:
    """Create or update the approved activities from the data file; returns how many it holds."""
    rows = json.loads(path.read_text(encoding="utf-8"))["activities"]
    with transaction.atomic():
        for order, row in enumerate(rows):
            ApprovedActivity.objects.update_or_create(
                code=row["code"],
                defaults={"name_ar": row["name_ar"], "name_en": row.get("name_en", ""), "order": order},
            )
    return len(rows)


@transaction.atomic
def enterprise_create(
    *, actor, household, owner, activity, name: str, started_on: date | None = None
) -> Enterprise:
    _require_editor(actor, household)
    if owner.household_id != household.pk:
        raise EnterpriseError(_("The person running the enterprise must be a member of the household."))
    if not activity.is_active:
        raise EnterpriseError(_("This activity is no longer on the approved list."))
    enterprise = Enterprise.objects.create(
        household=household,
        owner=owner,
        activity=activity,
        name=name.strip(),
        started_on=started_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="enterprise.create",
        obj=enterprise,
        member_id=owner.pk,
        changes={"name": [None, enterprise.name], "activity": [None, activity.code]},
    )
    return enterprise


@transaction.atomic
def enterprise_set_documents(
    *,
    actor,
    enterprise: Enterprise,
    freelance_document: str = "",
    freelance_document_date: date | None = None,
    commercial_registration: str = "",
    commercial_registration_date: date | None = None,
) -> Enterprise:
    """Record a freelance document (وثيقة العمل الحر) and/or a commercial registration."""
    _require_editor(actor, enterprise)
    if freelance_document and not freelance_document_date:
        raise EnterpriseError(_("Give the freelance document's date."))
    if commercial_registration and not commercial_registration_date:
        raise EnterpriseError(_("Give the commercial registration's date."))
    is_new_freelance_document = (
        bool(freelance_document) and freelance_document != enterprise.freelance_document
    )
    new_values = {
        "freelance_document": freelance_document.strip(),
        "freelance_document_date": freelance_document_date,
        "commercial_registration": commercial_registration.strip(),
        "commercial_registration_date": commercial_registration_date,
    }
    changes = {}
    for field, value in new_values.items():
        if getattr(enterprise, field) != value:
            changes[field] = [getattr(enterprise, field), value]
            setattr(enterprise, field, value)
    if not changes:
        return enterprise
    enterprise.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        action="enterprise.documents",
        obj=enterprise,
        member_id=enterprise.owner_id,
        changes=changes,
    )
    if is_new_freelance_document:
        record_economic_outcome(
            actor=actor,
            member=enterprise.owner,
            kind="freelance_document",
            on=freelance_document_date,
            certificate_number=freelance_document,
        )
    return enterprise


@transaction.atomic
def product_add(*, actor, enterprise: Enterprise, name: str, price: Decimal, photo=None) -> Product:
    _require_editor(actor, enterprise)
    if price < 0:
        raise EnterpriseError(_("A price cannot be negative."))
    product = Product(enterprise=enterprise, name=name.strip(), price=price)
    if photo:
        product.photo = photo
    product.save()
    audit_record(
        actor=actor,
        action="product.add",
        obj=product,
        member_id=enterprise.owner_id,
        changes={"name": [None, product.name], "price": [None, price]},
    )
    return product


@transaction.atomic
def certificate_issue(*, actor, enterprise: Enterprise, number: str, issued_on: date) -> Certificate:
    """Record a productive-family certificate; it is valid three years and is an economic outcome."""
    _require_editor(actor, enterprise)
    number = number.strip()
    if not number:
        raise EnterpriseError(_("Give the certificate number."))
    if Certificate.objects.filter(number=number).exists():
        raise EnterpriseError(_("A certificate with this number is already recorded."))
    certificate = Certificate.objects.create(
        enterprise=enterprise, number=number, issued_on=issued_on, expires_on=certificate_expiry(issued_on)
    )
    audit_record(
        actor=actor,
        action="certificate.issue",
        obj=certificate,
        member_id=enterprise.owner_id,
        changes={"number": [None, number], "issued_on": [None, issued_on]},
    )
    record_economic_outcome(
        actor=actor,
        member=enterprise.owner,
        kind="productive_family_certificate",
        on=issued_on,
        certificate_number=number,
        valid_until=certificate.expires_on,
    )
    return certificate


@transaction.atomic
def certificate_remind_renewal(*, certificate: Certificate, today: date) -> bool:
    """Tell the family's case worker, once, that the certificate is about to lapse; True when sent now."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enterprise__owner__case_worker", "enterprise__household")
        .get(pk=certificate.pk)
    )
    if certificate.reminder_sent_on is not None:
        return False
    enterprise = certificate.enterprise
    worker = enterprise.owner.case_worker
    context = {
        "number": certificate.number,
        "name": enterprise.name,
        "file": enterprise.household.file_number,
        "date": certificate.expires_on,
        "dedupe_key": f"certificate-renewal-{certificate.pk}",
    }
    if worker is not None:
        notify(event="enterprise.certificate_renewal", user=worker, context=context)
    notify(event="enterprise.certificate_renewal_member", member=enterprise.owner, context=context)
    certificate.reminder_sent_on = today
    certificate.save(update_fields=["reminder_sent_on", "updated_at"])
    audit_record(
        actor=None, action="certificate.renewal_reminder", obj=certificate, member_id=enterprise.owner_id
    )
    return True


@transaction.atomic
def financing_record(
    *,
    actor,
    enterprise: Enterprise,
    body,
    amount: Decimal,
    decided_on: date,
    repayment_status: str = Financing.Repayment.NOT_STARTED,
) -> Financing:
    """A financing decision for the enterprise: an economic outcome (project financed)."""
    _require_editor(actor, enterprise)
    if amount <= 0:
        raise EnterpriseError(_("The amount must be more than zero."))
    financing = Financing.objects.create(
        enterprise=enterprise,
        body=body,
        amount=amount,
        decided_on=decided_on,
        repayment_status=repayment_status,
    )
    audit_record(
        actor=actor,
        action="financing.record",
        obj=financing,
        member_id=enterprise.owner_id,
        changes={"body": [None, body.code], "amount": [None, amount], "decided_on": [None, decided_on]},
    )
    record_economic_outcome(
        actor=actor,
        member=enterprise.owner,
        kind="project_financed",
        on=decided_on,
        entity=body,
        amount=amount,
    )
    return financing


@transaction.atomic
def financing_set_repayment(*, actor, financing: Financing, repayment_status: str) -> Financing:
    _require_editor(actor, financing.enterprise)
    if repayment_status not in Financing.Repayment.values:
        raise EnterpriseError(_("Unknown repayment status."))
    if financing.repayment_status in (Financing.Repayment.REPAID, Financing.Repayment.GRANT):
        raise EnterpriseError(_("This financing is closed."))
    old = financing.repayment_status
    financing.repayment_status = repayment_status
    financing.save(update_fields=["repayment_status", "updated_at"])
    audit_record(
        actor=actor,
        action="financing.repayment",
        obj=financing,
        member_id=financing.enterprise.owner_id,
        changes={"repayment_status": [old, repayment_status]},
    )
    return financing


@transaction.atomic
def sale_record(
    *,
    actor,
    enterprise: Enterprise,
    sold_on: date,
    channel: str,
    amount: Decimal,
    note: str = "",
    check_editor: bool = True,
) -> Sale:
    """A sale of the enterprise. The forum records exhibition sales through this service too
    (check_editor=False, having checked its own rules)."""
    if check_editor:
        _require_editor(actor, enterprise)
    if amount <= 0:
        raise EnterpriseError(_("The amount must be more than zero."))
    if channel not in Sale.Channel.values:
        raise EnterpriseError(_("Unknown sales channel."))
    if sold_on > timezone.localdate():
        raise EnterpriseError(_("A sale cannot be in the future."))
    sale = Sale.objects.create(
        enterprise=enterprise, sold_on=sold_on, channel=channel, amount=amount, note=note
    )
    audit_record(
        actor=actor,
        action="sale.record",
        obj=sale,
        member_id=enterprise.owner_id,
        changes={"amount": [None, amount], "channel": [None, channel], "sold_on": [None, sold_on]},
    )
    return sale
