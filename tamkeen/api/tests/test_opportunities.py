"""Saad's employer publishes jobs from its HR system; the eligibility travels as data."""

import pytest

from tamkeen.core.models import AuditEvent
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity


@pytest.fixture
def saad(world, api_for):
    return api_for(world.employer)


JOB = {
    "track": "employment",
    "kind": "job",
    "title_ar": "موظف مبيعات",
    "title_en": "Sales associate",
    "governorate": "SAB",
    "capacity": 4,
    "wage": "4500.00",
    "status": "open",
    "eligibility": {"gender": "M", "min_age": 18, "max_age": 40, "work_capacities": ["able"]},
}


def test_publish_read_and_change_an_opportunity(world, saad):
    created = saad.post("/api/v1/opportunities", JOB)
    assert created.status_code == 201, created.content
    body = created.json()
    code = body["code"]
    assert body["governorate"] == "SAB" and body["seats_left"] == 4
    assert body["eligibility"]["max_age"] == 40 and body["eligibility"]["work_capacities"] == ["able"]
    opportunity = Opportunity.objects.get(code=code)
    assert opportunity.entity == world.employer and opportunity.created_by == saad.api_client.user
    assert saad.get(f"/api/v1/opportunities/{code}").json() == body | {"updated_at": body["updated_at"]}
    changed = saad.patch(f"/api/v1/opportunities/{code}", {"capacity": 6, "eligibility": {"max_age": 45}})
    assert changed.status_code == 200
    assert changed.json()["capacity"] == 6 and changed.json()["eligibility"]["max_age"] == 45
    assert changed.json()["eligibility"]["min_age"] == 18  # untouched
    assert AuditEvent.objects.filter(action="opportunity.update", actor=saad.api_client.user).exists()
    listed = saad.get("/api/v1/opportunities").json()["results"]
    assert [o["code"] for o in listed] == [code]


def test_an_in_person_opportunity_needs_a_governorate(world, saad):
    response = saad.post("/api/v1/opportunities", {**JOB, "governorate": None})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "governorate"
    response = saad.post("/api/v1/opportunities", {**JOB, "governorate": "XXX"})
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "unknown_governorate"
    assert not Opportunity.objects.exists()


def test_capacity_never_below_seats_taken(world, saad):
    job = make_opportunity(world.employer, capacity=5, seats_taken=3)
    response = saad.patch(f"/api/v1/opportunities/{job.code}", {"capacity": 2})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "capacity"
    job.refresh_from_db()
    assert job.capacity == 5


def test_an_age_range_upside_down_is_refused(world, saad):
    job = make_opportunity(world.employer, min_age=20)
    response = saad.patch(f"/api/v1/opportunities/{job.code}", {"eligibility": {"max_age": 19}})
    assert response.status_code == 422


def test_another_entity_s_opportunities_are_invisible(world, saad):
    course = make_opportunity(world.trainer)
    assert saad.get(f"/api/v1/opportunities/{course.code}").status_code == 404
    assert saad.patch(f"/api/v1/opportunities/{course.code}", {"capacity": 1}).status_code == 404
    assert saad.get("/api/v1/opportunities").json()["results"] == []
    course.refresh_from_db()
    assert course.capacity == 10


def test_writing_needs_opportunities_write(world, api_for):
    reader = api_for(world.employer, scopes=["opportunities:read"])
    assert reader.get("/api/v1/opportunities").status_code == 200
    assert reader.post("/api/v1/opportunities", JOB).status_code == 403
