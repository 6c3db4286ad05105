from django.core.files.base import ContentFile

from tests.access import OFFICE_STAFF, REGISTRY_READERS, AccessCase, by_scope, staff


def _sby_import(world):
    from tamkeen.registry.models import RollImport

    roll_import = RollImport(office=world.sby, created_by=world.supervisor_sby, original_name="roll.csv")
    roll_import.file.save("roll.csv", ContentFile(b"file_number\n"), save=False)
    roll_import.report.save("rejected.xlsx", ContentFile(b"PK"), save=False)
    roll_import.status = RollImport.Status.DONE
    roll_import.save()
    return roll_import


def access_cases(world):
    household = {"pk": world.household_sby.pk}
    member = {"pk": world.head_sby.pk}
    sby_readers = staff("worker_sby", "supervisor_sby", "manager", "beneficiary_sby")
    household_readers = {**sby_readers, "beneficiary_wife": 200}
    sby_editors = {
        **staff("worker_sby", "supervisor_sby"),
        **staff("worker_frs", "supervisor_frs", status=404),
    }
    roll_import = {"pk": _sby_import(world).pk}
    import_case = {**staff("supervisor_sby"), **staff("supervisor_frs", status=404)}
    return [
        AccessCase("registry:search", allow=staff(*REGISTRY_READERS)),
        AccessCase(
            "registry:search",
            allow=staff(*REGISTRY_READERS),
            method="post",
            data={"q": world.head_sby.national_id},
        ),
        AccessCase("registry:household_add", allow=staff(*OFFICE_STAFF)),
        AccessCase("registry:household", household, allow=household_readers, others=404),
        # Another region's household: only the national manager reads it.
        AccessCase(
            "registry:household", {"pk": world.household_abh.pk}, allow=staff("manager_national"), others=404
        ),
        AccessCase("registry:member", {"pk": world.head_abh.pk}, allow=staff("manager_national"), others=404),
        # A beneficiary opens their own member record, never another member's (consent is per person).
        AccessCase("registry:member", member, allow=sby_readers, others=404),
        AccessCase(
            "registry:member",
            {"pk": world.wife_sby.pk},
            allow=staff("worker_sby", "supervisor_sby", "manager", "beneficiary_wife"),
            others=404,
        ),
        # Ahmad has no case worker: under the caseload scope Nora does not see him.
        AccessCase(
            "registry:member",
            {"pk": world.son_sby.pk},
            allow={**staff("supervisor_sby", "manager"), "worker_sby": by_scope(office=200, caseload=404)},
            others=404,
        ),
        AccessCase("registry:member_add", household, allow=sby_editors),
        AccessCase(
            "registry:household_assign_file",
            household,
            method="post",
            data={"file_number": "400555"},
            allow={
                **staff("worker_sby", "supervisor_sby", status=302),
                **staff("worker_frs", "supervisor_frs", status=404),
            },
        ),
        AccessCase("registry:member_edit", member, allow=sby_editors),
        AccessCase("registry:reviews", allow=staff("supervisor_sby", "supervisor_frs")),
        AccessCase(
            "registry:review_resolve",
            member,
            allow={**staff("supervisor_sby"), **staff("supervisor_frs", status=404)},
        ),
        AccessCase("registry:imports", allow=staff("supervisor_sby", "supervisor_frs")),
        AccessCase("registry:import_detail", roll_import, allow=import_case),
        AccessCase("registry:import_report", roll_import, allow=import_case),
    ]
