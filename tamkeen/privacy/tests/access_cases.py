from tests.access import AccessCase, staff


def _export(world):
    from django.core.files.base import ContentFile

    from tamkeen.privacy.models import DataExport

    export = DataExport(member=world.head_sby, requested_by=world.worker_sby, status=DataExport.Status.DONE)
    export.file.save("export.zip", ContentFile(b"PK"), save=False)
    export.save()
    return export


def _correction(world):
    from tamkeen.privacy.services import correction_request_create

    return correction_request_create(
        actor=world.worker_sby, member=world.head_sby, field="education", proposed_value="bachelor"
    )


def access_cases(world):
    member = {"pk": world.head_sby.pk}
    export = {"public_id": _export(world).public_id}
    sby_office = {
        **staff("worker_sby", "supervisor_sby"),
        **staff("worker_frs", "supervisor_frs", status=404),
    }
    return [
        AccessCase(
            "privacy:export_request",
            member,
            method="post",
            allow={
                **staff("worker_sby", "supervisor_sby", status=302),
                **staff("worker_frs", "supervisor_frs", status=404),
            },
        ),
        AccessCase("privacy:export", export, allow=sby_office),
        AccessCase("privacy:export_download", export, allow=sby_office),
        AccessCase("privacy:correction_add", member, allow=sby_office),
        AccessCase("privacy:corrections", allow=staff("supervisor_sby", "supervisor_frs")),
        AccessCase(
            "privacy:correction",
            {"pk": _correction(world).pk},
            allow={**staff("supervisor_sby"), **staff("supervisor_frs", status=404)},
        ),
    ]
