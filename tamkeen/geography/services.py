from django.db import transaction

from tamkeen.core.audit import audit_record, changed_fields
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


class RegionReferenceError(ValueError):
    """A region file names a region or governorate the platform does not know (nothing is loaded)."""


@transaction.atomic
def region_load(*, actor, region_file) -> dict:
    """Load a region's governorates and offices (tamkeen load-region); re-loading the same file changes nothing."""
    region = Region.objects.filter(code=region_file.region).first()
    if region is None:
        raise RegionReferenceError(f"unknown region {region_file.region!r}")
    counts = dict.fromkeys(
        ("governorates_created", "governorates_updated", "offices_created", "offices_updated", "unchanged"), 0
    )
    for row in region_file.governorates:
        values = {
            "region": region,
            "name_ar": row["name_ar"],
            "name_en": row["name_en"],
            "is_seat": row["is_seat"],
            "population": row["population"],
            "latitude": row["lat"],
            "longitude": row["lon"],
            "aliases": row["aliases"],
        }
        _upsert(Governorate, row["code"], values, "governorates", counts, actor)
    known = {gov.code: gov for gov in Governorate.objects.filter(region=region)}
    for row in region_file.offices:
        missing = [code for code in row["governorates"] if code not in known]
        if missing:
            raise RegionReferenceError(
                f"office {row['code']}: governorates not in {region.code}: {', '.join(missing)}"
            )
        values = {"region": region, "kind": row["kind"], "name_ar": row["name_ar"], "name_en": row["name_en"]}
        office = _upsert(Office, row["code"], values, "offices", counts, actor)
        served = {known[code].pk for code in row["governorates"]}
        if set(office.governorates.values_list("pk", flat=True)) != served:
            office.governorates.set(served)
            audit_record(
                actor=actor,
                action="office.governorates_set",
                obj=office,
                changes={"governorates": [None, sorted(row["governorates"])]},
            )
    return {"region": region.code, **counts}


def _upsert(model, code: str, values: dict, label: str, counts: dict, actor):
    instance = model.objects.filter(code=code).first()
    if instance is None:
        instance = model.objects.create(code=code, **values)
        counts[f"{label}_created"] += 1
        audit_record(actor=actor, action=f"{model._meta.model_name}.create", obj=instance)
        return instance
    changes = changed_fields(instance, values)
    if not changes:
        counts["unchanged"] += 1
        return instance
    for field_name in changes:
        setattr(instance, field_name, values[field_name])
    instance.save(update_fields=list(changes))
    counts[f"{label}_updated"] += 1
    audit_record(actor=actor, action=f"{model._meta.model_name}.update", obj=instance, changes=changes)
    return instance
