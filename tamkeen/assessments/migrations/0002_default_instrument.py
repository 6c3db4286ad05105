from django.db import migrations


def load_default(apps, schema_editor):
    from tamkeen.assessments.instruments import create_instrument_from_data, read_default_instrument

    Instrument = apps.get_model("assessments", "Instrument")
    data = read_default_instrument()
    if Instrument.objects.filter(code=data["code"]).exists():
        return
    create_instrument_from_data(
        data, Instrument=Instrument, Section=apps.get_model("assessments", "Section"),
        Item=apps.get_model("assessments", "Item"),
    )


def unload_default(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    Instrument.objects.filter(code="tamkeen-core", version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load_default, unload_default)]
