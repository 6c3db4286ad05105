from tamkeen.documents.models import Kind
from tamkeen.documents.tests.fixtures import documents_world
from tests.access import EVERYONE, OFFICE_SBY, AccessCase, staff

# Every refusal of a print is the record's own 404: "missing" and "not yours" look the same.
NOT_FOUND = 404


def _issue(kind, key, allow) -> AccessCase:
    return AccessCase(
        "documents:issue", {"kind": kind, "key": str(key)}, method="post", allow=allow, others=NOT_FOUND
    )


def access_cases(world):
    objects = documents_world(world)
    from tamkeen.documents import services
    from tamkeen.documents.access import access_subject

    document, _facts = services.document_issue(
        actor=world.worker_sby,
        subject=access_subject(world.worker_sby, Kind.REFERRAL_LETTER, objects["referral"].public_id),
        language="ar",
    )
    sby_case = staff(*OFFICE_SBY, "manager")
    return [
        _issue(
            Kind.REFERRAL_LETTER,
            objects["referral"].public_id,
            staff(*OFFICE_SBY, "manager", "partner_bank", "beneficiary_sby"),
        ),
        _issue(Kind.REFERRAL_LETTER, objects["proposed"].public_id, {}),
        _issue(Kind.SANCTION_NOTICE, objects["sanction"].pk, sby_case),
        _issue(Kind.GRADUATION_CERTIFICATE, objects["graduation"].pk, sby_case),
        _issue(
            Kind.PRODUCTIVE_FAMILY_CERTIFICATE,
            objects["certificate"].pk,
            staff(*OFFICE_SBY, "manager", "beneficiary_sby", "beneficiary_wife"),
        ),
        _issue(Kind.YEAR_FIGURES, objects["year"], staff("supervisor_sby", "supervisor_frs", "manager")),
        # The QR code's page is public: anyone holding the paper may check it.
        AccessCase("documents:verify", {"code": document.code}, allow=staff(*EVERYONE), anonymous=200),
        AccessCase("documents:register", allow=staff("supervisor_sby", "supervisor_frs", "manager")),
        AccessCase(
            "documents:revoke",
            {"pk": document.pk},
            method="post",
            data={"reason": "أُصدر بالخطأ"},
            # The national manager reads every region's register and revokes nothing.
            allow={
                **staff("supervisor_sby", "manager", status=302),
                "supervisor_frs": 404,
                "manager_national": 403,
            },
        ),
    ]
