from datetime import date

from tamkeen.core.testing import OFFICE_FRS, OFFICE_SBY, OFFICE_STAFF, PARTNERS, AccessCase, staff
from tamkeen.outcomes.models import EmploymentImport, FollowUp, Outcome


def _outcome(world) -> Outcome:
    from tamkeen.outcomes.services import outcome_report

    if "outcome_sby" not in world.extra:
        world.extra["outcome_sby"] = outcome_report(
            actor=world.worker_sby,
            member=world.head_sby,
            kind="hired",
            date=date(2025, 3, 1),
            entity=world.employer,
            employer_name="الساحل",
            wage=4500,
        )
    return world.extra["outcome_sby"]


def access_cases(world):
    outcome = _outcome(world)
    from tamkeen.outcomes.services import outcome_report

    decided = outcome_report(
        actor=world.worker_sby,
        member=world.wife_sby,
        kind="project_financed",
        date=date(2025, 4, 1),
        entity=world.employer,
        amount=20000,
    )
    follow_up = FollowUp.objects.create(
        outcome=outcome, months=3, due_on=date(2025, 6, 1), assigned_to=world.worker_sby
    )
    upload = EmploymentImport.objects.create(uploaded_by=world.manager, file_name="gosi.csv", content=b"")
    not_visible_other_office = dict.fromkeys((*OFFICE_FRS, "partner_trainer", "partner_bank"), 404)
    readers = (*OFFICE_STAFF, "manager", *PARTNERS)
    return [
        AccessCase("outcomes:list", allow=staff(*readers)),
        AccessCase(
            "outcomes:detail",
            {"pk": outcome.pk},
            allow={**staff(*OFFICE_SBY, "manager", "partner_employer"), **not_visible_other_office},
        ),
        AccessCase(
            "outcomes:verify",
            {"pk": decided.pk},
            method="post",
            data={"evidence_kind": "partner_confirmation"},
            allow={
                **staff(*OFFICE_SBY, "manager", "partner_employer", status=302),
                **not_visible_other_office,
            },
        ),
        AccessCase(
            "outcomes:refute",
            {"pk": decided.pk},
            method="post",
            data={"evidence_kind": "partner_confirmation", "reason": "لم يباشر العمل"},
            allow={
                **staff(*OFFICE_SBY, "manager", "partner_employer", status=302),
                **not_visible_other_office,
            },
        ),
        AccessCase(
            "outcomes:report",
            {"member_pk": world.head_sby.pk},
            allow={**staff(*OFFICE_SBY), **dict.fromkeys(OFFICE_FRS, 404)},
        ),
        AccessCase("outcomes:follow_ups", allow=staff(*OFFICE_STAFF, "manager")),
        AccessCase(
            "outcomes:follow_up",
            {"pk": follow_up.pk},
            allow={
                "worker_sby": 200,
                "supervisor_sby": 200,
                "manager": 403,
                "worker_frs": 404,
                "supervisor_frs": 404,
            },
        ),
        AccessCase("outcomes:employment_upload", allow=staff("manager")),
        AccessCase("outcomes:employment_import", {"pk": upload.pk}, allow=staff("manager")),
    ]
