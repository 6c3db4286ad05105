"""Hessa (national manager) reads every region's social-insurance imports and uploads none; Jazan's manager reads
Jazan's files in."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tamkeen.outcomes.access import employment_imports_visible_to
from tamkeen.outcomes.models import EmploymentImport
from tamkeen.outcomes.services import employment_import_queue

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_national_manager_reads_imports_and_uploads_none(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        jazan = employment_import_queue(actor=world.manager, file_name="gosi.csv", content=b"national_id\n")
        with pytest.raises(PermissionDenied):
            employment_import_queue(actor=world.manager_national, file_name="gosi.csv", content=b"x\n")
    assert list(employment_imports_visible_to(world.manager_national)) == [jazan]
    assert EmploymentImport.objects.count() == 1
    client.force_login(world.manager_national)
    page = client.get(reverse("outcomes:employment_upload"))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' not in page.content.decode()
    assert client.get(reverse("outcomes:employment_import", args=[jazan.pk])).status_code == 200
