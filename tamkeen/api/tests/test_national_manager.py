"""Hessa (national manager) reads every region's entities and manages none of their API clients; Jazan's
manager and the administrator do."""

import pytest
from django.core.exceptions import PermissionDenied

from tamkeen.api.models import ApiClient
from tamkeen.api.services import api_client_create, api_client_revoke

pytestmark = pytest.mark.django_db


def test_the_national_manager_creates_and_revokes_no_client(world):
    with pytest.raises(PermissionDenied):
        api_client_create(actor=world.manager_national, entity=world.trainer, name="LMS")
    kept, _secret = api_client_create(actor=world.manager, entity=world.trainer, name="LMS")
    with pytest.raises(PermissionDenied):
        api_client_revoke(actor=world.manager_national, client=kept)
    kept.refresh_from_db()
    assert kept.revoked_at is None
    assert ApiClient.objects.filter(entity=world.trainer).count() == 1
