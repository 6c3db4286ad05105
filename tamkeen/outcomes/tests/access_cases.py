from datetime import date

from tamkeen.outcomes.models import EmploymentImport, FollowUp, Outcome
from tests.access import OFFICE_FRS, OFFICE_SBY, OFFICE_STAFF, AccessCase, by_scope, staff


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


def _referred_outcome(world) -> Outcome:
    """The outcome of the referral sent to Hind's institute (with Muhammad's consent)."""
    from tamkeen.outcomes.services import outcome_report
    from tamkeen.referrals.tests.fixtures import referral_world

    return outcome_report(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="training_completed",
        date=date(2025, 5, 1),
        entity=world.trainer,
        referral=referral_world(world)["sent"],
    )


def access_cases(world):
    outcome = _outcome(world)
    from tamkeen.outcomes.services import outcome_report

    # Partners never open outcomes, even one tagged with their entity: they see people only through referrals.
    decided = outcome_report(
        actor=world.worker_sby,
        member=world.wife_sby,
        kind="project_financed",
        date=date(2025, 4, 1),
        entity=world.employer,
        amount=20000,
    )
    # Ahmad (the son) has no case worker: under the caseload scope Nora does not see his records.
    unassigned = outcome_report(
        actor=world.supervisor_sby,
        member=world.son_sby,
        kind="hired",
        date=date(2025, 4, 1),
        entity=world.employer,
        wage=4000,
    )
    follow_up = FollowUp.objects.create(
        outcome=outcome, months=3, due_on=date(2025, 6, 1), assigned_to=world.worker_sby
    )
    upload = EmploymentImport.objects.create(uploaded_by=world.manager, file_name="gosi.csv", content=b"")
    other_office = dict.fromkeys(OFFICE_FRS, 404)
    readers = (*OFFICE_STAFF, "manager")
    return [
        AccessCase("outcomes:list", allow=staff(*readers)),
        AccessCase(
            "outcomes:detail", {"pk": outcome.pk}, allow={**staff(*OFFICE_SBY, "manager"), **other_office}
        ),
        AccessCase(
            "outcomes:detail",
            {"pk": unassigned.pk},
            allow={
                **staff("supervisor_sby", "manager"),
                "worker_sby": by_scope(office=200, caseload=404),
                **other_office,
            },
        ),
        AccessCase(
            "outcomes:verify",
            {"pk": decided.pk},
            method="post",
            data={"evidence_kind": "partner_confirmation"},
            allow={**staff(*OFFICE_SBY, "manager", status=302), **other_office},
        ),
        AccessCase(
            "outcomes:refute",
            {"pk": decided.pk},
            method="post",
            data={"evidence_kind": "document", "reason": "لم يباشر العمل"},
            allow={**staff(*OFFICE_SBY, "manager", status=302), **other_office},
        ),
        AccessCase(
            "outcomes:confirm",
            {"pk": _referred_outcome(world).pk},
            method="post",
            data={"reference": "CERT-1"},
            allow={"partner_trainer": 302, "partner_employer": 404, "partner_bank": 404},
        ),
        AccessCase(
            "outcomes:confirm",
            {"pk": decided.pk},
            method="post",
            allow=staff("partner_employer", "partner_trainer", "partner_bank", status=404),
        ),
        AccessCase(
            "outcomes:report",
            {"member_pk": world.head_sby.pk},
            allow={**staff(*OFFICE_SBY), **other_office},
        ),
        AccessCase(
            "outcomes:report",
            {"member_pk": world.son_sby.pk},
            allow={"supervisor_sby": 200, "worker_sby": by_scope(office=200, caseload=404), **other_office},
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
        # An empty upload: the region's manager is shown the form's errors; the national manager reads every
        # region's imports and uploads none.
        AccessCase(
            "outcomes:employment_upload",
            method="post",
            data={},
            allow={"manager": 200, "manager_national": 403},
        ),
        AccessCase("outcomes:employment_import", {"pk": upload.pk}, allow=staff("manager")),
    ]
