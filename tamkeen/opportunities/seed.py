"""Demo opportunities: about ten per entity across the three tracks, from 1439 AH to 1448 AH."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tamkeen.geography.models import Governorate
from tamkeen.opportunities.models import Opportunity
from tamkeen.partners.models import Entity

# (title_ar, title_en, occupation, isco08, hours, accreditation or saudization activity)
COURSES = [
    (
        "دورة خدمة العملاء والمبيعات",
        "Customer service and sales",
        "بائع",
        "5223",
        120,
        "المؤسسة العامة للتدريب التقني",
    ),
    (
        "دورة الحاسب الآلي ومهارات المكتب",
        "Computer and office skills",
        "كاتب",
        "4110",
        90,
        "المؤسسة العامة للتدريب التقني",
    ),
    ("دورة اللغة الإنجليزية لبيئة العمل", "Workplace English", "", "", 80, "جامعة جازان"),
    (
        "دورة المحاسبة المالية للمبتدئين",
        "Bookkeeping for beginners",
        "محاسب مساعد",
        "3313",
        100,
        "الهيئة السعودية للمراجعين",
    ),
    (
        "دورة الرعاية الصحية المنزلية",
        "Home health care",
        "مساعد رعاية منزلية",
        "5322",
        160,
        "الهيئة السعودية للتخصصات الصحية",
    ),
    (
        "دورة الخياطة والتفصيل",
        "Tailoring and dressmaking",
        "خياط",
        "7531",
        140,
        "المؤسسة العامة للتدريب التقني",
    ),
    (
        "دورة التجميل والعناية بالبشرة",
        "Beauty and skin care",
        "أخصائية تجميل",
        "5142",
        120,
        "المؤسسة العامة للتدريب التقني",
    ),
    (
        "دورة قيادة المركبات الثقيلة",
        "Heavy vehicle driving",
        "سائق شاحنة",
        "8332",
        60,
        "الإدارة العامة للمرور",
    ),
    (
        "دورة الأمن والسلامة المهنية",
        "Occupational health and safety",
        "مراقب سلامة",
        "3257",
        40,
        "المجلس الوطني للسلامة",
    ),
    ("دورة التسويق الإلكتروني", "Online marketing", "مسوق إلكتروني", "2431", 60, "منشآت"),
    ("دورة صيانة الجوالات", "Mobile phone repair", "فني صيانة", "7422", 80, "المؤسسة العامة للتدريب التقني"),
    (
        "دورة إعداد المعجنات والحلويات",
        "Pastry and sweets",
        "خباز",
        "7512",
        70,
        "المؤسسة العامة للتدريب التقني",
    ),
]
JOBS = [
    ("كاشير في متجر تجزئة", "Retail cashier", "أمين صندوق", "5230", 4000, "البيع بالتجزئة"),
    ("موظف خدمة عملاء", "Customer service agent", "موظف مركز اتصال", "4222", 4500, "مراكز الاتصال"),
    (
        "عامل إنتاج في مصنع أغذية",
        "Food production worker",
        "عامل تصنيع أغذية",
        "7510",
        4000,
        "الصناعات الغذائية",
    ),
    ("مساعد أمين مستودع", "Assistant storekeeper", "أمين مستودع", "4321", 4200, "الخدمات اللوجستية"),
    ("موظف استقبال فندقي", "Hotel receptionist", "موظف استقبال", "4224", 4800, "الضيافة"),
    ("مساعد تمريض", "Nursing assistant", "مساعد تمريض", "5321", 5500, "الرعاية الصحية"),
    ("مشرف محطة وقود", "Fuel station supervisor", "مشرف محطة", "5245", 5000, "محطات الوقود"),
    ("مراقب جودة زراعية", "Farm quality controller", "مراقب جودة", "3142", 4500, "الزراعة"),
    ("سائق توصيل", "Delivery driver", "سائق", "8322", 4000, "النقل"),
    ("إداري موارد بشرية", "HR administrator", "أخصائي موارد بشرية", "4416", 6000, "الموارد البشرية"),
    ("بائع في معرض", "Showroom salesperson", "بائع", "5223", 4200, "البيع بالتجزئة"),
    ("مراقب موقع إنشاءات", "Construction site monitor", "مراقب موقع", "3123", 5200, "المقاولات"),
]
SUPPORT = [
    ("financing", "تمويل مشروع أسرة منتجة", "Productive-family project financing", 5000, 50000),
    ("financing", "تمويل متناهي الصغر للمشاريع المنزلية", "Micro-financing for home businesses", 3000, 20000),
    ("grant", "منحة تجهيز مشروع منزلي", "Home-business equipment grant", 2000, 10000),
    ("incubation", "برنامج احتضان المشاريع الناشئة", "Start-up incubation programme", None, None),
    ("mentoring", "برنامج الإرشاد لأصحاب المشاريع", "Mentoring for business owners", None, None),
    (
        "productive_family_certificate",
        "إصدار شهادة الأسرة المنتجة",
        "Productive-family certificate",
        None,
        None,
    ),
    ("mentoring", "برنامج المهارات الحياتية والمالية", "Life and money skills programme", None, None),
    ("grant", "منحة تسويق منتجات الأسر المنتجة", "Marketing grant for productive families", 1000, 5000),
]
SCHEDULES = ["الأحد–الخميس 8:00–12:00", "الأحد–الخميس 16:00–20:00", "السبت–الثلاثاء 9:00–13:00", "دوام كامل"]
FIRST_DAY = date(2017, 10, 1)  # early 1439 AH
LAST_DAY = date(2027, 5, 31)  # late 1448 AH


def _tracks_for(kind: str) -> list[str]:
    return {
        "training_provider": ["training"] * 9 + ["entrepreneurship"],
        "private_employer": ["employment"] * 9 + ["training"],
        "financing_body": ["entrepreneurship"] * 10,
        "non_profit": ["entrepreneurship"] * 5 + ["training"] * 4 + ["employment"],
        "government": ["employment"] * 4 + ["training"] * 3 + ["entrepreneurship"] * 3,
    }[kind]


# How often an opportunity lists each accessibility feature, when the entity says it suits persons with
# disabilities and when it does not (many ordinary venues have a ramp; few offer interpreters).
FEATURE_RATES = {
    "step_free_access": (0.85, 0.35),
    "accessible_toilets": (0.75, 0.2),
    "sign_language": (0.25, 0.02),
    "screen_reader": (0.3, 0.05),
    "easy_read": (0.25, 0.03),
    "flexible_hours": (0.4, 0.12),
}


def _features(rng, values) -> list[str]:
    friendly = values.get("is_disability_friendly", False)
    chosen = [f for f, (yes, no) in FEATURE_RATES.items() if rng.random() < (yes if friendly else no)]
    if values.get("kind") == "job" and rng.random() < 0.06:
        chosen.append("remote_work")
    return chosen


def seed(ctx) -> None:
    rng = ctx.rng_for("opportunities")
    # A separate stream: the features do not shift the rest of the catalogue's random draws.
    access_rng = ctx.rng_for("opportunities.accessibility")
    today = timezone.localdate()
    governorates = list(Governorate.objects.filter(region__code="SA-09"))
    span = (LAST_DAY - FIRST_DAY).days
    rows = []
    number = Opportunity.objects.count()
    for entity in Entity.objects.order_by("code"):
        served = list(entity.governorates.all()) or governorates
        for track in _tracks_for(entity.kind):
            number += 1
            starts = FIRST_DAY + timedelta(days=rng.randrange(span))
            # Keep the present well stocked: a third of the catalogue starts around now.
            if rng.random() < 0.33:
                starts = today + timedelta(days=rng.randrange(-20, 90))
            values = {
                "entity": entity,
                "code": f"OPP-{number:06d}",
                "track": track,
                "mode": "in_person",
                "governorate": rng.choice(served),
                "starts_on": starts,
                "schedule": rng.choice(SCHEDULES),
                "nationality": rng.choice(["citizen", "citizen", "any"]),
                "min_age": 18,
                "max_age": rng.choice([35, 45, 60, 65]),
                "is_disability_friendly": rng.random() < 0.3,
            }
            if track == "training":
                title_ar, title_en, occupation, isco, hours, accreditation = rng.choice(COURSES)
                online = rng.random() < 0.2
                values |= {
                    "kind": "course",
                    "title_ar": title_ar,
                    "title_en": title_en,
                    "occupation": occupation,
                    "isco08": isco,
                    "hours": hours,
                    "ends_on": starts + timedelta(days=hours // 4 + 14),
                    "capacity": rng.choice([15, 20, 25, 30, 40]),
                    "accreditation": accreditation,
                    "is_free": rng.random() < 0.85,
                    "min_education": rng.choice(["", "primary", "intermediate", "secondary"]),
                    "mode": "online" if online else "in_person",
                    "governorate": None if online else values["governorate"],
                }
                if "تجميل" in title_ar or "خياطة" in title_ar:
                    values["gender"] = "F"
                if "الثقيلة" in title_ar:
                    values["gender"] = "M"
            elif track == "employment":
                title_ar, title_en, occupation, isco, wage, activity = rng.choice(JOBS)
                values |= {
                    "kind": "job",
                    "title_ar": title_ar,
                    "title_en": title_en,
                    "occupation": occupation,
                    "isco08": isco,
                    "wage": Decimal(wage + 250 * rng.randrange(0, 8)),
                    "capacity": rng.choice([2, 3, 5, 8, 10]),
                    "saudization_activity": activity,
                    "min_education": rng.choice(["", "intermediate", "secondary", "diploma"]),
                    "nationality": "citizen",
                    "max_age": 60,
                    "hours": 48,
                }
            else:
                kind, title_ar, title_en, low, high = rng.choice(SUPPORT)
                values |= {
                    "kind": kind,
                    "title_ar": title_ar,
                    "title_en": title_en,
                    "capacity": rng.choice([10, 20, 30, 50]),
                    "amount_min": Decimal(low) if low else None,
                    "amount_max": Decimal(high) if high else None,
                    "terms": "سداد على 36 شهرًا بدون أرباح" if kind == "financing" else "",
                    "max_household_income": Decimal(rng.choice([6000, 8000, 10000]))
                    if kind != "mentoring"
                    else None,
                    "max_age": 65,
                }
            ends = values.get("ends_on") or starts + timedelta(days=60)
            if ends < today - timedelta(days=5):
                values["status"] = "closed"
            elif rng.random() < 0.05:
                values["status"] = "draft"
            else:
                values["status"] = "open"
            values["accessibility_features"] = _features(access_rng, values)
            rows.append(Opportunity(**values))
    Opportunity.objects.bulk_create(rows, batch_size=500)
    ctx.counts["opportunities"] = Opportunity.objects.count()
