from django.db import transaction

from tamkeen.geography.models import Governorate, Office, Region


@transaction.atomic
def reference_data_load(regions: list[dict], governorates: dict) -> None:
    """Regions and one region's governorates; re-loading updates names and changes nothing else."""
    for row in regions:
        Region.objects.update_or_create(
            code=row["code"], defaults={"name_ar": row["name_ar"], "name_en": row["name_en"]}
        )
    region = Region.objects.get(code=governorates["region"])
    for row in governorates["governorates"]:
        Governorate.objects.update_or_create(
            code=row["code"],
            defaults={
                "region": region,
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "is_seat": row.get("is_seat", False),
                "population": row.get("population", 0),
                "latitude": row.get("lat"),
                "longitude": row.get("lon"),
                "aliases": row.get("aliases", []),
            },
        )


def reference_data_ensure() -> None:
    """Reload the shipped regions and governorates when a flushed test database has lost them."""
    if not Region.objects.exists():
        from tamkeen.geography.selectors import load_data_file

        reference_data_load(load_data_file("regions.json"), load_data_file("jazan_governorates.json"))


@transaction.atomic
def offices_load(data: dict) -> int:
    """A region's offices and units from configuration (a deployment's own file)."""
    region = Region.objects.get(code=data["region"])
    governorates = {gov.code: gov for gov in Governorate.objects.filter(region=region)}
    for row in data["offices"]:
        office, _ = Office.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "region": region,
            },
        )
        office.governorates.set([governorates[code] for code in row["governorates"]])
    return len(data["offices"])
