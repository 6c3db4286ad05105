"""The grievance categories a region starts with, and their first service-level times (reference data; offices
change them through the grievance-times page, from a date of effect)."""

from datetime import date

from django.db import migrations

# (code, Arabic, English, parent code, hours to answer)
CATEGORIES = [
    ("benefits", "خدمات الضمان الاجتماعي", "Social-security services", None, 120),
    ("benefits-payment", "صرف المعاش", "Pension payment", "benefits", None),
    ("benefits-file", "تحديث بيانات الملف", "Updating the file", "benefits", None),
    ("empowerment", "برامج التمكين", "Empowerment programmes", None, 168),
    ("empowerment-referral", "الإحالات والفرص", "Referrals and opportunities", "empowerment", None),
    ("empowerment-training", "التدريب والتأهيل", "Training", "empowerment", None),
    ("empowerment-plan", "خطة التمكين", "The empowerment plan", "empowerment", None),
    ("appointments", "المواعيد والزيارات", "Appointments and visits", None, 72),
    ("conduct", "تعامل الموظفين", "Staff conduct", None, 72),
    ("privacy", "البيانات الشخصية والخصوصية", "Personal data and privacy", None, 72),
    ("other", "أخرى", "Other", None, 240),
]
FIRST_EFFECT = date(2020, 1, 1)
MANAGER_HOURS = 48


def load(apps, schema_editor):
    Category = apps.get_model("grievances", "Category")
    ServiceLevel = apps.get_model("grievances", "ServiceLevel")
    by_code = {}
    for order, (code, name_ar, name_en, parent, hours) in enumerate(CATEGORIES):
        category, _created = Category.objects.get_or_create(
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "parent": by_code.get(parent), "order": order},
        )
        by_code[code] = category
        if hours:
            ServiceLevel.objects.get_or_create(
                category=category,
                effective_from=FIRST_EFFECT,
                defaults={"hours": hours, "manager_hours": MANAGER_HOURS},
            )


class Migration(migrations.Migration):
    dependencies = [("grievances", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
