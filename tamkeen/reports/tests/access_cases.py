from tests.access import AccessCase, staff

VIEWERS = ("supervisor_sby", "supervisor_frs", "manager")


def access_cases(world):
    period = "year=1446&calendar=hijri"
    return [
        AccessCase("reports:dashboard", allow=staff(*VIEWERS)),
        AccessCase("reports:drilldown", query=f"figure=empowered_families&{period}", allow=staff(*VIEWERS)),
        # A supervisor's drill-down stays in their office: another office's key is not found.
        AccessCase(
            "reports:drilldown",
            query=f"figure=empowered_families&by=office&key=FRS&{period}",
            allow={"supervisor_sby": 404, "supervisor_frs": 200, "manager": 200},
        ),
        AccessCase(
            "reports:drilldown_export",
            {"fmt": "csv"},
            query=f"figure=empowered_members&{period}",
            allow=staff(*VIEWERS),
        ),
        AccessCase("reports:export", {"name": "trend", "fmt": "xlsx"}, query=period, allow=staff(*VIEWERS)),
        # Targets are a region's own: the national manager, who has no region, sets none.
        AccessCase("reports:targets", allow={**staff("manager"), "manager_national": 403}),
    ]
