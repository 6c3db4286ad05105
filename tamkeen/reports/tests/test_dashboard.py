"""Abdulrahman (the regional manager) and Khalid (Sabya's supervisor) read the year's figures."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tamkeen.outcomes.services import outcome_report, outcome_verify
from tamkeen.reports.kpi import kpi
from tamkeen.reports.models import Target
from tests.personas import make_household, make_member

YEAR_1446 = "year=1446&calendar=hijri"  # 2024-07-07 … 2025-06-25


def hire(world, member, day=date(2025, 3, 1), verify=True, actor=None):
    outcome = outcome_report(
        actor=actor or world.worker_sby,
        member=member,
        kind="hired",
        date=day,
        entity=world.employer,
        wage=4000,
    )
    if verify:
        outcome_verify(actor=actor or world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    return outcome


@pytest.fixture
def history(world):
    hire(world, world.head_sby)
    hire(world, world.wife_sby, day=date(2025, 1, 5))
    hire(world, world.son_sby, verify=False)
    hire(world, world.head_frs, actor=world.worker_frs)
    return world


def test_the_manager_sees_the_years_figures_the_same_as_tamkeen_kpi(history, client_for):
    response = client_for(history.manager).get(f"/reports/?{YEAR_1446}")
    assert response.status_code == 200
    figures = response.context["figures"]
    expected = kpi(year=1446)
    expected.pop("by")
    assert figures == expected
    assert (figures["empowered_families"], figures["empowered_members"]) == (2, 3)
    offices = next(t for t in response.context["tables"] if t.name == "offices")
    sby = next(row for row, key in zip(offices.rows, offices.keys, strict=True) if key == "SBY")
    assert sby[1:2] == [1]


def test_a_new_verified_outcome_appears_in_the_figures_at_once(history, client_for):
    client = client_for(history.manager)
    before = client.get(f"/reports/?{YEAR_1446}").context["figures"]["empowered_families"]
    household = make_household("400999", history.sby, "SAB")
    member = make_member(household, "head", "سالم", "الحازمي", case_worker=history.worker_sby)
    outcome = hire(history, member, verify=False)
    assert client.get(f"/reports/?{YEAR_1446}").context["figures"]["empowered_families"] == before
    outcome_verify(actor=history.worker_sby, outcome=outcome, evidence_kind="document")
    assert client.get(f"/reports/?{YEAR_1446}").context["figures"]["empowered_families"] == before + 1


def test_the_supervisor_sees_only_the_office_and_its_drilldown_stays_there(history, client_for):
    client = client_for(history.supervisor_sby)
    response = client.get(f"/reports/?{YEAR_1446}")
    assert (
        response.context["figures"]["empowered_families"],
        response.context["figures"]["empowered_members"],
    ) == (1, 2)
    records = client.get(f"/reports/records/?figure=empowered_members&{YEAR_1446}")
    assert records.context["members"] == 2
    names = {o.member.national_id for o in records.context["page_obj"]}
    assert history.head_frs.national_id not in names
    assert (
        client.get(f"/reports/records/?figure=empowered_members&by=office&key=FRS&{YEAR_1446}").status_code
        == 404
    )


def test_every_figure_opens_into_the_records_behind_it(history, client_for):
    client = client_for(history.manager)
    dashboard = client.get(f"/reports/?{YEAR_1446}")
    for table in dashboard.context["tables"]:
        for row in table.linked:
            for cell in row:
                if cell["query"] and table.by not in ("year",) and "empowered_families" in cell["query"]:
                    page = client.get(f"/reports/records/?{cell['query']}")
                    assert page.context["families"] == cell["value"], (table.name, cell)
    page = client.get(f"/reports/records/?figure=empowered_families&{YEAR_1446}")
    assert page.context["families"] == dashboard.context["figures"]["empowered_families"]


def test_every_table_exports_to_xlsx_and_csv(history, client_for):
    client = client_for(history.manager)
    dashboard = client.get(f"/reports/?{YEAR_1446}")
    for table in dashboard.context["tables"]:
        xlsx = client.get(f"/reports/tables/{table.name}.xlsx?{YEAR_1446}")
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert [c.value for c in sheet[1]] == [str(c) for c in table.columns]
        assert sheet.max_row == len(table.rows) + 1
        csv_text = client.get(f"/reports/tables/{table.name}.csv?{YEAR_1446}").content.decode("utf-8-sig")
        assert len(csv_text.strip().splitlines()) == len(table.rows) + 1
    records = client.get(f"/reports/records.csv?figure=empowered_members&{YEAR_1446}").content.decode(
        "utf-8-sig"
    )
    assert history.head_sby.national_id in records


def test_the_manager_sets_targets_and_the_dashboard_compares(history, client_for):
    client = client_for(history.manager)
    response = client.post(
        f"/reports/targets/?{YEAR_1446}",
        {
            "SBY-empowered_families": "4",
            "SBY-empowered_members": "5",
            "FRS-empowered_families": "2",
            "FRS-empowered_members": "",
        },
    )
    assert response.status_code == 302
    assert Target.objects.get(office=history.sby, year=1446).empowered_families == 4
    dashboard = client.get(f"/reports/?{YEAR_1446}")
    assert (dashboard.context["target_families"], dashboard.context["families_percent"]) == (6, 33)
    assert client_for(history.supervisor_sby).get("/reports/targets/").status_code == 403


def panels_drawn_afresh(response) -> str:
    from django.template.loader import render_to_string

    period = response.context["period"]
    return "".join(
        render_to_string("reports/_panel.html", {"table": table, "period": period})
        for table in response.context["tables"]
    )


def test_the_drawn_tables_are_those_of_the_figures_shown(history, client_for):
    """The tables' HTML is kept in the cache under a digest of what they show: the second load serves it, and a
    new verified outcome is a new drawing, never the old one."""
    client = client_for(history.manager)
    first = client.get(f"/reports/?{YEAR_1446}")
    drawn = panels_drawn_afresh(first)
    assert drawn in first.content.decode()
    again = client.get(f"/reports/?{YEAR_1446}")
    assert drawn in again.content.decode()
    household = make_household("400999", history.sby, "SAB")
    member = make_member(household, "head", "سالم", "الحازمي", case_worker=history.worker_sby)
    hire(history, member)
    after = client.get(f"/reports/?{YEAR_1446}")
    assert panels_drawn_afresh(after) != drawn
    assert panels_drawn_afresh(after) in after.content.decode()
    english = client.get(f"/reports/?{YEAR_1446}", headers={"accept-language": "en"})
    assert panels_drawn_afresh(english) in english.content.decode()
