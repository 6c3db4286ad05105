from django.core.files.base import ContentFile

from tamkeen.consent.tests.factories import give_consent
from tests.access import BENEFICIARIES, OFFICE_SBY, AccessCase, staff

FRS_404 = staff("worker_frs", "supervisor_frs", status=404)
# Fatima shares Muhammad's household, not his consents: consent is per person.
WIFE_404 = {"beneficiary_wife": 404}


def access_cases(world):
    head = {"member_pk": world.head_sby.pk}
    signed = give_consent(world.head_sby, world.employer)
    signed.scanned_form.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"), save=True)
    scan = {"member_pk": world.head_sby.pk, "consent_pk": signed.pk}
    return [
        # The signed form is a private file: the member's own consent door decides who sees it.
        AccessCase(
            "consent:scan", scan, allow={**staff(*OFFICE_SBY, "beneficiary_sby"), **FRS_404, **WIFE_404}
        ),
        AccessCase("consent:mine", allow=staff(*BENEFICIARIES)),
        AccessCase(
            "consent:member", head, allow={**staff(*OFFICE_SBY, "beneficiary_sby"), **FRS_404, **WIFE_404}
        ),
        AccessCase(
            "consent:member",
            {"member_pk": world.wife_sby.pk},
            allow={**staff(*OFFICE_SBY, "beneficiary_wife"), **FRS_404, "beneficiary_sby": 404},
        ),
        AccessCase(
            "consent:record",
            head,
            method="post",
            allow={**staff(*OFFICE_SBY, "beneficiary_sby"), **FRS_404, **WIFE_404},
        ),
        AccessCase(
            "consent:withdraw",
            head,
            method="post",
            allow={**staff(*OFFICE_SBY, "beneficiary_sby", status=302), **FRS_404, **WIFE_404},
        ),
    ]
