from datetime import date

from django.core.files.base import ContentFile

from tamkeen.enterprises.models import Financing, Product
from tamkeen.enterprises.tests.factories import make_enterprise
from tests.access import (
    BENEFICIARIES,
    OFFICE_FRS,
    OFFICE_SBY,
    OFFICE_STAFF,
    AccessCase,
    by_scope,
    staff,
)
from tests.personas import make_household, make_member


def access_cases(world):
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    product = Product(enterprise=enterprise, name="عسل", price=50)
    product.photo.save("honey.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    product.save()
    # A productive family is the household's business: both its beneficiaries see it.
    readers = staff(*OFFICE_SBY, "manager", *BENEFICIARIES) | staff(*OFFICE_FRS, status=404)
    # A Sabya family none of whose members is assigned to Nora: under the caseload scope she does not see it.
    unassigned_household = make_household("400198", world.sby, "SAB")
    unassigned = make_enterprise(
        unassigned_household, make_member(unassigned_household, "head", "سالم", "المالكي")
    )
    post_only = staff(*OFFICE_STAFF, status=405)
    cases = [
        AccessCase("enterprises:list", allow=staff(*OFFICE_STAFF, "manager", *BENEFICIARIES)),
        AccessCase(
            "enterprises:detail",
            {"pk": unassigned.pk},
            allow={
                **staff("supervisor_sby", "manager"),
                "worker_sby": by_scope(office=200, caseload=404),
                **staff(*OFFICE_FRS, *BENEFICIARIES, status=404),
            },
        ),
        AccessCase("enterprises:start", allow=staff(*OFFICE_STAFF)),
        AccessCase(
            "enterprises:start",
            query="file=400100",
            allow=staff(*OFFICE_SBY, status=302) | staff(*OFFICE_FRS),
        ),
        AccessCase(
            "enterprises:create",
            {"household_pk": world.household_sby.pk},
            allow=staff(*OFFICE_SBY) | staff(*OFFICE_FRS, status=404),
        ),
        AccessCase("enterprises:detail", {"pk": enterprise.pk}, allow=readers),
        # A product's photo is a private file: the enterprise's own door decides who sees it.
        AccessCase(
            "enterprises:product_photo", {"pk": enterprise.pk, "product_pk": product.pk}, allow=readers
        ),
    ]
    for name in ("documents", "product_add", "certificate_add", "financing_add", "sale_add"):
        cases.append(AccessCase(f"enterprises:{name}", {"pk": enterprise.pk}, allow=post_only))
        cases.append(
            AccessCase(
                f"enterprises:{name}",
                {"pk": enterprise.pk},
                method="post",
                data={},
                # An empty documents form is valid (nothing to change): back to the page.
                allow=staff(*OFFICE_SBY, status=302 if name == "documents" else 400)
                | staff(*OFFICE_FRS, status=404),
            )
        )
    financing = Financing.objects.create(
        enterprise=enterprise, body=world.bank, amount=10000, decided_on=date(2025, 1, 5)
    )
    repayment = {"pk": enterprise.pk, "financing_pk": financing.pk}
    cases.append(AccessCase("enterprises:financing_repayment", repayment, allow=post_only))
    cases.append(
        AccessCase(
            "enterprises:financing_repayment",
            repayment,
            method="post",
            data={"repayment_status": "on_track"},
            allow=staff(*OFFICE_SBY, status=302) | staff(*OFFICE_FRS, status=404),
        )
    )
    return cases
