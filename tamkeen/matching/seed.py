"""Demo: accommodation needs for some members with disabilities, then one finished match run for Sabya office,
so Nora (worker.sby) finds explained proposals waiting."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.consent.models import Consent, Purpose
from tamkeen.geography.models import Office
from tamkeen.matching.models import MatchRun
from tamkeen.matching.services import match_run_create, match_run_execute
from tamkeen.partners.models import Entity
from tamkeen.registry.models import AccommodationNeed, Member

# Of working-age members with a disability who may work: how many agreed to have their needs recorded.
NEEDS_CONSENT_RATE = 0.6
# Of those, how many need nothing in particular to take up an offer (nothing is recorded for them).
NO_NEED_RATE = 0.2
KINDS_OF = {
    "physical": ["mobility"],
    "visual": ["vision"],
    "hearing": ["hearing"],
    "intellectual": ["cognitive"],
    "multiple": ["mobility", "cognitive"],
    "other": ["other"],
}
WHAT_HELPS = {
    "mobility": ["كرسي متحرك؛ يحتاج منحدرًا ودورة مياه مهيأة", "عكاز؛ يصعب عليه صعود الدرج"],
    "vision": ["قارئ الشاشة وطباعة بخط كبير", "كفيف؛ يستخدم قارئ الشاشة"],
    "hearing": ["مترجم لغة إشارة", "ضعف سمع؛ تعليمات مكتوبة ومترجم لغة إشارة"],
    "cognitive": ["تعليمات مكتوبة بسيطة ومرافق في الأسابيع الأولى", "وقت إضافي وساعات مرنة"],
    "other": ["استراحات قصيرة لأسباب صحية", "مقعد قريب من المدخل"],
}


def seed_accommodation_needs(ctx) -> None:
    """Seeds bypass services (docs/decisions/0011): the consent on file first, then the needs it allows."""
    rng = ctx.rng_for("matching.accommodation")
    entities = list(Entity.objects.filter(opportunities__isnull=False).distinct().order_by("code"))
    if not entities or AccommodationNeed.objects.exists():
        return
    recorders = dict(
        User.objects.filter(role=Role.CASE_WORKER).order_by("-id").values_list("office_id", "id")
    )
    today = timezone.localdate()
    members = (
        Member.objects.filter(work_capacity__in=["able", "rehabilitable"], **ctx.history_filter())
        .exclude(disability="none")
        .order_by("id")
        .values_list("id", "disability", "household__office_id")
    )
    consents, needs = [], []
    for member_id, disability, office_id in members.iterator(chunk_size=2000):
        if rng.random() > NEEDS_CONSENT_RATE:
            continue
        day = today - timedelta(days=rng.randrange(10, 700))
        recorder = recorders.get(office_id)
        consents.append(
            Consent(
                member_id=member_id,
                entity=rng.choice(entities),
                purpose=Purpose.ACCOMMODATION,
                categories=["identity", "disability"],
                given_via="paper",
                scanned_form="",
                given_at=datetime(day.year, day.month, day.day, 10, rng.randrange(60), tzinfo=UTC),
                recorded_by_id=recorder,
            )
        )
        if rng.random() < NO_NEED_RATE:
            continue
        for kind in KINDS_OF.get(disability, ["other"]):
            needs.append(
                AccommodationNeed(
                    member_id=member_id,
                    kind=kind,
                    what_helps=rng.choice(WHAT_HELPS[kind]),
                    recorded_by_id=recorder,
                )
            )
    Consent.objects.bulk_create(consents, batch_size=1000)
    AccommodationNeed.objects.bulk_create(needs, batch_size=1000)
    ctx.count("accommodation_needs", len(needs))


def seed(ctx) -> None:
    seed_accommodation_needs(ctx)
    # A region larger than the history sample is matched on demand (`tamkeen match`, or a supervisor's run):
    # a seeded run over every member of an office would outgrow the seed's time and memory.
    if MatchRun.objects.exists() or ctx.households > ctx.history_households:
        return
    office = Office.objects.filter(code="SBY").first()
    supervisor = User.objects.filter(role=Role.SUPERVISOR, office=office).order_by("pk").first()
    if office is None or supervisor is None:
        return
    run = match_run_create(actor=supervisor, office=office)
    run = match_run_execute(run=run)
    ctx.count("match_runs", 1)
    ctx.count("matcher_proposals", run.assigned)
    ctx.say(f"  Sabya: {run.assigned} proposals for {run.members} members over {run.seats} seats")
