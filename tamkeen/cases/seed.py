"""Demo case work: plans in every state for assessed members, their actions (some done, some overdue) and
notes, a few of them confidential. Plans follow the track chosen at the member's latest assessment. All bulk.
"""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.assessments.models import Assessment
from tamkeen.core.audit import audit_record
from tamkeen.registry.models import Household, RecordChange

from .models import CaseExit, CaseNote, EmpowermentPlan, PlanAction

PlanStatus = EmpowermentPlan.Status
DECIDED = (PlanStatus.APPROVED, PlanStatus.RETURNED)  # a supervisor has answered

SHARE_WITH_PLAN = 0.8
STATES = [("approved", 0.55), ("submitted", 0.15), ("draft", 0.15), ("returned", 0.15)]
SHARE_WITH_NOTES = 0.3
SHARE_CONFIDENTIAL = 0.15

GOALS = {
    "training": ["الحصول على شهادة مهنية معتمدة", "إتقان مهارات الحاسب الأساسية", "دبلوم في خدمة العملاء"],
    "employment": [
        "وظيفة بدوام كامل في القطاع الخاص",
        "وظيفة في التجزئة قريبة من السكن",
        "وظيفة إدارية براتب مستقر",
    ],
    "entrepreneurship": [
        "مشروع أسرة منتجة للأطعمة المنزلية",
        "متجر إلكتروني للمنتجات اليدوية",
        "ورشة خياطة منزلية",
    ],
}
ACTIONS = {
    "training": [
        ("التسجيل في الدورة المرشحة", "member"),
        ("حضور اختبار تحديد المستوى", "member"),
        ("متابعة الحضور مع الجهة", "case_worker"),
    ],
    "employment": [
        ("إعداد السيرة الذاتية", "member"),
        ("التسجيل في منصة التوظيف الوطنية", "member"),
        ("ترشيح لفرصة وظيفية", "case_worker"),
        ("حضور المقابلة", "member"),
    ],
    "entrepreneurship": [
        ("حضور برنامج ريادة الأعمال", "member"),
        ("إعداد دراسة جدوى مبسطة", "member"),
        ("التقديم على تمويل بنك التنمية", "entity"),
    ],
}
RETURN_REASONS = ["أضف موعدًا لمتابعة الحضور", "الهدف غير محدد بما يكفي", "راجع المسار بعد نتيجة التقييم"]
NOTES = [
    "حضر الموعد وأبدى اهتمامًا بالمسار المقترح",
    "تم التواصل هاتفيًا وتأكيد الموعد القادم",
    "يحتاج إلى مواصلات للوصول إلى مقر التدريب",
    "أبدت الأسرة دعمها للخطة",
]
CONFIDENTIAL_NOTES = ["ظرف صحي في الأسرة يؤثر على الالتزام بالمواعيد", "خلاف أسري يستدعي المتابعة بحذر"]


def _pick(rng, weighted):
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


SANCTION_EXITS_PER_THOUSAND = 4
LEGAL_REFERENCES = ["المادة (12) من اللائحة التنفيذية لنظام الضمان الاجتماعي", "قرار لجنة المكتب رقم 14/1446"]


def _sanction_exits(rng, supervisors: dict, today, history: dict) -> int:
    """A few households exited for refusing offers or not following the plan; one in three later re-entered."""
    households = list(
        Household.objects.filter(status=Household.Status.ACTIVE, office_id__in=supervisors, **history)
        .order_by("pk")
        .values_list("pk", "office_id")
    )
    chosen = rng.sample(
        households, k=min(len(households), len(households) * SANCTION_EXITS_PER_THOUSAND // 1000)
    )
    exits, changes, exited = [], [], []
    for household_id, office_id in chosen:
        supervisor = supervisors[office_id]
        reentered = rng.random() < 1 / 3
        exited_on = today - timedelta(days=rng.randint(30, 330))
        exits.append(
            CaseExit(
                household_id=household_id,
                kind=CaseExit.Kind.SANCTION,
                ground=rng.choice(CaseExit.Ground.values),
                legal_reference=rng.choice(LEGAL_REFERENCES),
                exited_on=exited_on,
                decided_by_id=supervisor,
                reason="تكرر الغياب عن المواعيد دون عذر",
                reentered_at=timezone.now() - timedelta(days=rng.randint(1, 20)) if reentered else None,
                reentered_by_id=supervisor if reentered else None,
                reentry_reason="قدّمت الأسرة ما يثبت العذر والتزمت بالخطة" if reentered else "",
            )
        )
        changes.append(
            RecordChange(
                household_id=household_id,
                actor_id=supervisor,
                source="cases",
                changes={"status": ["active", "exited"]},
                reason="sanction exit (demo)",
            )
        )
        if not reentered:
            exited.append(household_id)
    CaseExit.objects.bulk_create(exits)
    RecordChange.objects.bulk_create(changes)
    Household.objects.filter(pk__in=exited).update(status=Household.Status.EXITED)
    return len(exits)


def seed(ctx) -> None:
    rng = ctx.rng_for("cases")
    if EmpowermentPlan.objects.exists():
        return
    now, today = timezone.now(), timezone.localdate()
    latest_ids = (
        Assessment.objects.filter(completed_at__isnull=False)
        .values("member_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    latest = list(
        Assessment.objects.filter(pk__in=latest_ids)
        .exclude(chosen_track="")
        .order_by("member_id")
        .values_list(
            "pk", "member_id", "chosen_track", "assessor_id", "completed_at", "member__household__office_id"
        )
    )
    supervisors = dict(
        User.objects.filter(role=Role.SUPERVISOR).order_by("pk").values_list("office_id", "pk")
    )
    plans, plan_actions, notes = [], [], []
    for assessment_id, member_id, track, worker_id, completed, office_id in latest:
        if rng.random() >= SHARE_WITH_PLAN:
            continue
        status = _pick(rng, STATES)
        drafted = completed + timedelta(days=rng.randint(1, 10))
        supervisor = supervisors.get(office_id)
        decided = status in DECIDED and supervisor is not None
        if not decided and status in DECIDED:
            status = PlanStatus.SUBMITTED
        plans.append(
            EmpowermentPlan(
                member_id=member_id,
                track=track,
                goals=rng.choice(GOALS[track]),
                assessment_id=assessment_id,
                status=status,
                created_by_id=worker_id,
                submitted_at=drafted + timedelta(days=1) if status != PlanStatus.DRAFT else None,
                decided_by_id=supervisor if decided else None,
                decided_at=drafted + timedelta(days=rng.randint(2, 6)) if decided else None,
                return_reason=rng.choice(RETURN_REASONS) if status == PlanStatus.RETURNED else "",
            )
        )
        if rng.random() < SHARE_WITH_NOTES:
            confidential = rng.random() < SHARE_CONFIDENTIAL
            notes.append(
                CaseNote(
                    member_id=member_id,
                    author_id=worker_id,
                    author_office_id=office_id,
                    text=rng.choice(CONFIDENTIAL_NOTES if confidential else NOTES),
                    is_confidential=confidential,
                )
            )
    created = EmpowermentPlan.objects.bulk_create(plans, batch_size=2000)
    for plan in created:
        approved = plan.status == PlanStatus.APPROVED
        for order, (description, owner) in enumerate(ACTIONS[plan.track]):
            # Approved plans are under way: early actions mostly done, a few late; others start soon.
            due = (
                today + timedelta(days=rng.randint(-40, 60) + 15 * order)
                if approved
                else today + timedelta(days=rng.randint(7, 45) + 15 * order)
            )
            is_done = approved and due < today and rng.random() < 0.7
            plan_actions.append(
                PlanAction(
                    plan_id=plan.pk,
                    description=description,
                    owner=owner,
                    due_date=due,
                    is_done=is_done,
                    done_at=now - timedelta(days=rng.randint(0, 5)) if is_done else None,
                    is_overdue=not is_done and due < today,
                )
            )
    PlanAction.objects.bulk_create(plan_actions, batch_size=5000)
    CaseNote.objects.bulk_create(notes, batch_size=2000)
    exits = _sanction_exits(rng, supervisors, today, ctx.history_filter("pk"))
    audit_record(
        actor=None,
        action="case.seed",
        object_type="cases.empowermentplan",
        changes={
            "plans": [0, len(created)],
            "actions": [0, len(plan_actions)],
            "notes": [0, len(notes)],
            "sanction_exits": [0, exits],
        },
        reason="demo seed",
    )
    ctx.count("plans", len(created))
    ctx.count("plan_actions", len(plan_actions))
    ctx.count("case_notes", len(notes))
    ctx.count("sanction_exits", exits)
    ctx.say(f"  {len(created)} plans, {len(plan_actions)} actions, {len(notes)} notes")
