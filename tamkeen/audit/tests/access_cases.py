from tests.access import AccessCase, staff


def access_cases(world):
    return [
        AccessCase("audit:trail", allow=staff("auditor")),
        AccessCase("audit:trail", query=f"member={world.head_sby.pk}&kind=read", allow=staff("auditor")),
        AccessCase(
            "audit:trail",
            method="post",
            data={"national_id": world.head_sby.national_id},
            allow=staff("auditor", status=302),
        ),
        AccessCase("audit:export", {"fmt": "csv"}, query="kind=read", allow=staff("auditor")),
        AccessCase("audit:export", {"fmt": "xlsx"}, allow=staff("auditor")),
    ]
