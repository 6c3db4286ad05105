import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("geography", "Region")
    Governorate = apps.get_model("geography", "Governorate")
    for row in json.loads((DATA / "regions.json").read_text(encoding="utf-8")):
        Region.objects.update_or_create(code=row["code"], defaults={"name_ar": row["name_ar"], "name_en": row["name_en"]})
    data = json.loads((DATA / "jazan_governorates.json").read_text(encoding="utf-8"))
    region = Region.objects.get(code=data["region"])
    for row in data["governorates"]:
        Governorate.objects.update_or_create(
            code=row["code"],
            defaults={
                "region": region, "name_ar": row["name_ar"], "name_en": row["name_en"],
                "is_seat": row.get("is_seat", False), "population": row.get("population", 0),
                "latitude": row.get("lat"), "longitude": row.get("lon"), "aliases": row.get("aliases", []),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
