"""The records the documents are printed from, in Nora's Sabya office (shared by the tests and the matrix)."""

from datetime import date

from tamkeen.cases import services as case_services
from tamkeen.cases.models import CaseExit
from tamkeen.consent.tests.factories import give_consent
from tamkeen.enterprises.models import Certificate
from tamkeen.enterprises.tests.factories import make_enterprise
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referral_services
from tests.personas import make_household, make_member

FIGURES_YEAR = 1447


def documents_world(world) -> dict:
    if "documents" in world.extra:
        return world.extra["documents"]
    # A referral of its own (to the bank's programme), so no other app's story moves it or its consent.
    programme = make_opportunity(world.bank, capacity=5, title_ar="برنامج تمويل الأسر المنتجة")
    give_consent(world.head_sby, world.bank)
    referral = referral_services.referral_propose(
        actor=world.worker_sby, member=world.head_sby, opportunity=programme
    )
    referral = referral_services.referral_send(actor=world.worker_sby, referral=referral)
    proposed = referral_services.referral_propose(
        actor=world.worker_sby, member=world.wife_sby, opportunity=programme
    )
    # Two more Sabya families of Nora's caseload, so exits here change nothing the other apps' stories rely on.
    graduated = make_household("400301", world.sby, "SAB", monthly_income=5200)
    graduated_head = make_member(
        graduated, "head", "سعيد", "المدخلي", father_name="حسن", case_worker=world.worker_sby
    )
    case_services.household_enter_transition(actor=None, household=graduated, outcome_date=date(2025, 3, 31))
    graduation = case_services.household_graduate(
        actor=world.supervisor_sby, household=graduated, today=date(2026, 4, 1)
    )
    sanctioned = make_household("400302", world.sby, "SAB")
    sanctioned_head = make_member(
        sanctioned, "head", "عبدالله", "النعمي", father_name="يحيى", case_worker=world.worker_sby
    )
    sanction = case_services.household_exit_sanction(
        actor=world.supervisor_sby,
        household=sanctioned,
        ground=CaseExit.Ground.REFUSED_OFFERS,
        legal_reference="المادة 12 من نظام الضمان الاجتماعي",
        reason="رفض ثلاث فرص وظيفية مناسبة",
    )
    enterprise = make_enterprise(world.household_sby, world.wife_sby, name="مطبخ فاطمة للمأكولات الشعبية")
    # Straight to the table: the enterprises service would also record an economic outcome and start the
    # household's transition, which other apps' stories about this household do not expect.
    certificate = Certificate.objects.create(
        enterprise=enterprise, number="PF-1447-0042", issued_on=date(2025, 9, 1), expires_on=date(2028, 9, 1)
    )
    objects = {
        "referral": referral,
        "proposed": proposed,
        "graduation": graduation,
        "graduated_head": graduated_head,
        "sanction": sanction,
        "sanctioned_head": sanctioned_head,
        "certificate": certificate,
        "year": FIGURES_YEAR,
    }
    world.extra["documents"] = objects
    return objects
