import tempfile
from pathlib import Path

from django.tasks import task


@task()
def run_employment_import(import_id: int) -> dict:
    """The web upload of a social-insurance file, run by the worker; progress is stored on the import row."""
    from .models import EmploymentImport
    from .services import employment_import_run

    return employment_import_run(
        upload=EmploymentImport.objects.get(pk=import_id), workdir=Path(tempfile.gettempdir())
    )
