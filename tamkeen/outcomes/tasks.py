import tempfile
from pathlib import Path

from django.tasks import task

from tamkeen.core.jobs import close_abandoned, when_abandoned


@task()
def run_employment_import(import_id: int) -> dict:
    """The web upload of a social-insurance file, run by the worker; progress is stored on the import row."""
    from .models import EmploymentImport
    from .services import employment_import_run

    return employment_import_run(
        upload=EmploymentImport.objects.get(pk=import_id), workdir=Path(tempfile.gettempdir())
    )


@when_abandoned(run_employment_import)
def close_abandoned_employment_import(import_id: int, *, reason: str) -> None:
    from .models import EmploymentImport

    S = EmploymentImport.State
    close_abandoned(EmploymentImport, import_id, field="state", open_states=(S.QUEUED, S.RUNNING),
                    failed_state=S.FAILED, reason=reason, progress=100)  # fmt: skip
