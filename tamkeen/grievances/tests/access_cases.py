from datetime import date

from tamkeen.cases import services as cases
from tamkeen.grievances import services
from tamkeen.grievances.tests.fixtures import category
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referrals
from tests.access import BENEFICIARIES, OFFICE_SBY, OFFICE_STAFF, AccessCase, by_scope, staff
from tests.personas import make_household, make_member

OTHER_OFFICE = staff("worker_frs", "supervisor_frs", status=404)
# Fatima shares Muhammad's household, not what he filed or what was decided about him.
OTHER_MEMBER = {"beneficiary_wife": 404}
HANDLERS = (*OFFICE_STAFF, "manager")


def access_cases(world):
    grievance = services.grievance_file(
        actor=world.beneficiary_sby,
        channel="portal",
        category=category(),
        subject="تأخر",
        description="تفاصيل",
    )
    course = make_opportunity(world.trainer, capacity=5)
    proposal = referrals.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)
    declined = referrals.referral_withdraw(
        actor=world.worker_sby, referral=proposal, reason_code="not_eligible"
    )
    appeal = services.appeal_file(
        actor=world.beneficiary_sby, decision=declined, legal_ground="الشروط منطبقة"
    )
    # A household of its own, so the sanction does not change the world other apps' cases rely on.
    exited = make_household("400999", world.sby, "SAB")
    make_member(exited, "head", "سعيد", "المالكي", birth_date=date(1979, 1, 1))
    case_exit = cases.household_exit_sanction(
        actor=world.supervisor_sby, household=exited, ground="refused_offers", legal_reference="م 12"
    )
    one = {"pk": grievance.pk}
    # The national manager reads every region's grievances and handles none (a region's manager does): taking
    # the open grievance is refused (403); once the manager has answered or closed it, the national manager's
    # answer, close or appeal decision is refused by a message on the page (302), as for anyone too late.
    handle = {**staff(*OFFICE_SBY, "manager", status=302), **OTHER_OFFICE}
    national_refused = {**handle, "manager_national": 403}
    sby_readers = {**staff(*OFFICE_SBY, "manager"), **OTHER_OFFICE}
    return [
        AccessCase("grievances:queue", allow=staff(*HANDLERS)),
        AccessCase("grievances:mine", allow=staff(*BENEFICIARIES)),
        AccessCase("grievances:file", allow=staff(*BENEFICIARIES)),
        AccessCase("grievances:record", allow=staff(*OFFICE_STAFF)),
        AccessCase("grievances:detail", one, allow={**sby_readers, "beneficiary_sby": 200, **OTHER_MEMBER}),
        AccessCase("grievances:take", one, method="post", allow=national_refused),
        AccessCase("grievances:answer", one, method="post", data={"answer": "تم"}, allow=handle),
        AccessCase("grievances:close", one, method="post", data={"note": "تم"}, allow=handle),
        AccessCase("grievances:service_levels", allow=staff("admin", "manager")),
        # A new time without its fields: the form's errors for those who set times; the national manager reads them.
        AccessCase(
            "grievances:service_levels",
            method="post",
            data={},
            allow={**staff("admin", "manager"), "manager_national": 403},
        ),
        AccessCase("grievances:figures", allow=staff("supervisor_sby", "supervisor_frs", "manager")),
        AccessCase("grievances:figures_export", allow=staff("supervisor_sby", "supervisor_frs", "manager")),
        AccessCase("grievances:appeals", allow=staff(*HANDLERS)),
        AccessCase(
            "grievances:appeal_file",
            {"kind": "proposal", "pk": declined.pk},
            allow={**staff(*OFFICE_SBY, "beneficiary_sby"), **OTHER_OFFICE, **OTHER_MEMBER},
        ),
        AccessCase(
            "grievances:appeal_file",
            {"kind": "exit", "pk": case_exit.pk},
            allow={
                **staff(*OFFICE_SBY),
                # The exited household's head has no case worker: outside Nora's caseload under that scope.
                "worker_sby": by_scope(office=200, caseload=404),
                **OTHER_OFFICE,
                "beneficiary_sby": 404,
                **OTHER_MEMBER,
            },
        ),
        AccessCase(
            "grievances:appeal_detail",
            {"pk": appeal.pk},
            allow={**sby_readers, "beneficiary_sby": 200, **OTHER_MEMBER},
        ),
        AccessCase(
            "grievances:appeal_decide",
            {"pk": appeal.pk},
            method="post",
            data={"outcome": "uphold", "reason": "الشروط غير منطبقة"},
            allow={"supervisor_sby": 302, "supervisor_frs": 404, "manager": 302, "manager_national": 302},
        ),
    ]
