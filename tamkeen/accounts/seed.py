from django.contrib.auth.hashers import make_password

from tamkeen.accounts.models import Role, User
from tamkeen.accounts.services import user_upsert
from tamkeen.demo.seeding import DEMO_PASSWORD
from tamkeen.geography.models import Office, Region
from tamkeen.partners.models import Entity
from tamkeen.partners.seed import PERSONA_ENTITIES

# The personas of contracts/demo.md, then two more case workers per office so caseloads can be balanced.
PERSONAS = [
    ("worker.sby", Role.CASE_WORKER, {"office": "SBY"}, ("نورة", "الحازمي")),
    ("supervisor.sby", Role.SUPERVISOR, {"office": "SBY"}, ("خالد", "المالكي")),
    ("worker.frs", Role.CASE_WORKER, {"office": "FRS"}, ("فاطمة", "الفيفي")),
    ("supervisor.frs", Role.SUPERVISOR, {"office": "FRS"}, ("علي", "عقيلي")),
    ("manager.jazan", Role.MANAGER, {"region": "SA-09"}, ("عبدالرحمن", "النعمي")),
    ("manager.national", Role.NATIONAL_MANAGER, {}, ("حصة", "العتيبي")),
    ("partner.employer", Role.PARTNER, {"entity": PERSONA_ENTITIES["partner.employer"]}, ("سعد", "الشهري")),
    ("partner.trainer", Role.PARTNER, {"entity": PERSONA_ENTITIES["partner.trainer"]}, ("هند", "الزهراني")),
    ("partner.bank", Role.PARTNER, {"entity": PERSONA_ENTITIES["partner.bank"]}, ("ماجد", "القحطاني")),
    ("organiser", Role.ORGANISER, {"region": "SA-09"}, ("أمل", "مدخلي")),
    ("auditor", Role.AUDITOR, {"region": "SA-09"}, ("ياسر", "الغامدي")),
    ("admin", Role.ADMIN, {"region": "SA-09"}, ("مدير", "النظام")),
]

STAFF_GIVEN = ["محمد", "أحمد", "عبدالله", "سارة", "مريم", "حسن", "إبراهيم", "عائشة", "يحيى", "منى"]
STAFF_FAMILY = [
    "الحكمي",
    "المدخلي",
    "العريشي",
    "الصميلي",
    "الشعبي",
    "حمدي",
    "عطيف",
    "النجمي",
    "القاسمي",
    "معشي",
]


def _scope(values: dict) -> dict:
    scope = {}
    if "office" in values:
        scope["office"] = Office.objects.get(code=values["office"])
    if "region" in values:
        scope["region"] = Region.objects.get(code=values["region"])
    if "entity" in values:
        scope["entity"] = Entity.objects.get(code=values["entity"])
    return scope


def seed(ctx) -> None:
    rng = ctx.rng_for("accounts")
    password_hash = make_password(DEMO_PASSWORD)
    for username, role, scope, (first, last) in PERSONAS:
        user_upsert(
            actor=None,
            username=username,
            role=role,
            password_hash=password_hash,
            first_name=first,
            last_name=last,
            # The demo's e-mail goes to the console, so "forgotten password" can be tried end to end.
            email=f"{username}@demo.tamkeen.invalid",
            is_staff=(role == Role.ADMIN),
            is_superuser=(role == Role.ADMIN),
            **_scope(scope),
        )
    for office in Office.objects.all():
        for n in (1, 2):
            username = f"worker{n}.{office.code.lower()}"
            user_upsert(
                actor=None,
                username=username,
                role=Role.CASE_WORKER,
                password_hash=password_hash,
                first_name=rng.choice(STAFF_GIVEN),
                last_name=rng.choice(STAFF_FAMILY),
                office=office,
            )
        if not User.objects.filter(office=office, role=Role.SUPERVISOR).exists():
            user_upsert(
                actor=None,
                username=f"supervisor.{office.code.lower()}",
                role=Role.SUPERVISOR,
                password_hash=password_hash,
                first_name=rng.choice(STAFF_GIVEN),
                last_name=rng.choice(STAFF_FAMILY),
                office=office,
            )
    ctx.counts["users"] = User.objects.count()


# contracts/demo.md: these two sign in with a second factor in the demo; the others with the password alone.
DEMO_SECOND_FACTOR = ["admin", "manager.jazan"]


def demo_second_factor_banner() -> str:
    """Enrols the demo's second-factor personas (once; kept across restarts) and says how to sign in as them."""
    from tamkeen.accounts.second_factor import base32_secret
    from tamkeen.accounts.services import demo_second_factor_enrol

    lines = ["Second factor (TOTP) for these logins; add the secret to any authenticator app:"]
    for user, device in demo_second_factor_enrol(usernames=DEMO_SECOND_FACTOR):
        lines.append(f"  {user.username:<18} secret {base32_secret(device)}")
        lines.append(f"  {'':<18} {device.config_url}")
    return "\n".join(lines) + "\n"
