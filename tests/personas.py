"""The people every story is told about, and the little world they work in.

Nora (worker_sby) is a case worker of Sabya office, Khalid (supervisor_sby) her supervisor; Fatima and Ali
do the same jobs in Farasan unit. Abdulrahman manages the region. Saad works for a private employer, Hind for
a training provider, Majid for the Social Development Bank. Amal organises the forum, Yasser audits, and the
administrator configures. Hessa (manager_national) reads every region: Jazan and Asir, where Abha office
holds one household of its own, so "every region" is more than Jazan. Muhammad is a beneficiary in a Sabya household, and his wife Fatima signs in as a
beneficiary of the same household: each sees their own records, never the other's.
"""

from dataclasses import dataclass, field
from datetime import date

from tamkeen.accounts.models import Role, User
from tamkeen.geography.models import Governorate, Office, Region
from tamkeen.partners.models import Entity
from tamkeen.registry.models import Household, Member


@dataclass
class World:
    region: Region
    sby: Office
    frs: Office
    employer: Entity
    trainer: Entity
    bank: Entity
    users: dict[str, User]
    household_sby: Household
    household_frs: Household
    head_sby: Member
    wife_sby: Member
    son_sby: Member
    head_frs: Member
    asir: Region | None = None
    abh: Office | None = None
    household_abh: Household | None = None
    head_abh: Member | None = None
    extra: dict = field(default_factory=dict)

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def make_office(
    code: str, kind: str, name_ar: str, name_en: str, governorates: list[str], region: Region
) -> Office:
    office = Office.objects.create(code=code, kind=kind, name_ar=name_ar, name_en=name_en, region=region)
    office.governorates.set(Governorate.objects.filter(code__in=governorates))
    return office


def make_entity(code: str, kind: str, name_ar: str, region: Region) -> Entity:
    return Entity.objects.create(code=code, kind=kind, name_ar=name_ar, name_en=code, region=region)


def make_user(username: str, role: Role, **scope) -> User:
    user = User(username=username, role=role, first_name=username.split("_")[0].title(), **scope)
    user.set_unusable_password()
    user.save()
    return user


_id_counter = iter(range(10_000_000, 99_999_999))


def next_national_id(first_digit: str = "1") -> str:
    from tamkeen.core.identifiers import luhn_check_digit

    body = f"{first_digit}{next(_id_counter):08d}"[:9]
    return body + luhn_check_digit(body)


def make_household(file_number: str, office: Office, governorate_code: str, **fields) -> Household:
    return Household.objects.create(
        file_number=file_number,
        office=office,
        governorate=Governorate.objects.get(code=governorate_code),
        **fields,
    )


def make_member(household: Household, relation: str, first_name: str, family_name: str, **fields) -> Member:
    from tamkeen.core.names import name_parts_key

    values = {
        "national_id": next_national_id(),
        "gender": "F" if relation in ("wife", "daughter", "mother", "sister") else "M",
        "birth_date": date(1985, 3, 4),
        "father_name": "",
        "grandfather_name": "",
        **fields,
    }
    values["name_key"] = name_parts_key(
        first_name, values["father_name"], values["grandfather_name"], family_name
    )
    return Member.objects.create(
        household=household, relation=relation, first_name=first_name, family_name=family_name, **values
    )


def ensure_default_instrument() -> None:
    """The assessment instrument a data migration publishes; a transactional test's flush takes it away."""
    from tamkeen.assessments.instruments import create_instrument_from_data, read_default_instrument
    from tamkeen.assessments.models import Instrument, Item, Section

    if not Instrument.objects.filter(is_active=True).exists():
        create_instrument_from_data(
            read_default_instrument(), Instrument=Instrument, Section=Section, Item=Item
        )


def build_world() -> World:
    from tamkeen.geography.services import reference_data_ensure

    reference_data_ensure()
    ensure_default_instrument()
    region = Region.objects.get(code="SA-09")
    sby = make_office("SBY", "office", "مكتب الضمان الاجتماعي بصبيا", "Sabya office", ["SAB"], region)
    frs = make_office("FRS", "unit", "وحدة الضمان الاجتماعي بفرسان", "Farasan unit", ["FAR"], region)
    employer = make_entity("EMP-DEMO", "private_employer", "مجموعة الساحل للتجزئة", region)
    trainer = make_entity("TRN-DEMO", "training_provider", "معهد المستقبل للتدريب", region)
    bank = make_entity("FIN-SDB", "financing_body", "بنك التنمية الاجتماعية", region)
    users = {
        "worker_sby": make_user("worker_sby", Role.CASE_WORKER, office=sby),
        "supervisor_sby": make_user("supervisor_sby", Role.SUPERVISOR, office=sby),
        "worker_frs": make_user("worker_frs", Role.CASE_WORKER, office=frs),
        "supervisor_frs": make_user("supervisor_frs", Role.SUPERVISOR, office=frs),
        "manager": make_user("manager", Role.MANAGER, region=region),
        "manager_national": make_user("manager_national", Role.NATIONAL_MANAGER),
        "partner_employer": make_user("partner_employer", Role.PARTNER, entity=employer),
        "partner_trainer": make_user("partner_trainer", Role.PARTNER, entity=trainer),
        "partner_bank": make_user("partner_bank", Role.PARTNER, entity=bank),
        "organiser": make_user("organiser", Role.ORGANISER, region=region),
        "auditor": make_user("auditor", Role.AUDITOR, region=region),
        "admin": make_user("admin", Role.ADMIN, region=region, is_staff=True, is_superuser=True),
        "beneficiary_sby": make_user("beneficiary_sby", Role.BENEFICIARY),
        "beneficiary_wife": make_user("beneficiary_wife", Role.BENEFICIARY),
    }
    household_sby = make_household("400100", sby, "SAB", monthly_income=1200, pension_amount=2400)
    head_sby = make_member(
        household_sby,
        "head",
        "محمد",
        "الحازمي",
        father_name="علي",
        grandfather_name="أحمد",
        education="secondary",
        work_capacity="able",
        birth_date=date(1988, 5, 1),
        user=users["beneficiary_sby"],
        case_worker=users["worker_sby"],
        phone="+966501234567",
    )
    wife_sby = make_member(
        household_sby,
        "wife",
        "فاطمة",
        "الحازمي",
        father_name="حسن",
        education="diploma",
        work_capacity="able",
        birth_date=date(1992, 2, 10),
        user=users["beneficiary_wife"],
        case_worker=users["worker_sby"],
    )
    son_sby = make_member(
        household_sby,
        "son",
        "أحمد",
        "الحازمي",
        father_name="محمد",
        grandfather_name="علي",
        education="secondary",
        work_capacity="able",
        birth_date=date(2004, 9, 1),
        is_full_time_student=True,
    )
    household_frs = make_household("500200", frs, "FAR", monthly_income=900, pension_amount=2100)
    head_frs = make_member(
        household_frs,
        "head",
        "يحيى",
        "عقيلي",
        father_name="موسى",
        education="intermediate",
        work_capacity="able",
        birth_date=date(1980, 1, 15),
        case_worker=users["worker_frs"],
    )
    # A second region: the national manager sees it, Jazan's manager and staff never do.
    asir = Region.objects.get(code="SA-14")
    Governorate.objects.get_or_create(
        code="ABH", defaults={"region": asir, "name_ar": "أبها", "name_en": "Abha"}
    )
    abh = make_office("ABH", "office", "مكتب الضمان الاجتماعي بأبها", "Abha office", ["ABH"], asir)
    household_abh = make_household("610300", abh, "ABH", monthly_income=1000, pension_amount=2200)
    head_abh = make_member(
        household_abh,
        "head",
        "سعيد",
        "الشهري",
        father_name="عبدالله",
        education="secondary",
        work_capacity="able",
        birth_date=date(1986, 6, 20),
    )
    return World(
        asir=asir,
        abh=abh,
        household_abh=household_abh,
        head_abh=head_abh,
        region=region,
        sby=sby,
        frs=frs,
        employer=employer,
        trainer=trainer,
        bank=bank,
        users=users,
        household_sby=household_sby,
        household_frs=household_frs,
        head_sby=head_sby,
        wife_sby=wife_sby,
        son_sby=son_sby,
        head_frs=head_frs,
    )
