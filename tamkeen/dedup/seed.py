"""Demo duplicates: a few members registered a second time, with the spelling and typing variants offices
produce (the ID mistyped: the registry's unique ID is what let the second registration in), then the registry run that puts them in the supervisors' review queue."""

from __future__ import annotations

from django.db import transaction

from tamkeen.core.names import name_parts_key
from tamkeen.registry.models import Member

from .registry_run import run_registry_dedup

DUPLICATES = 12


def _respell(name: str) -> str:
    for seat in "أإآ":
        if seat in name:
            return name.replace(seat, "ا", 1)
    if name.endswith("ة"):
        return name[:-1] + "ه"
    if name.startswith("عبد") and not name.startswith("عبد "):
        return "عبد " + name[3:]
    return name


def _mistyped(national_id: str, rng) -> str | None:
    """The ID with two neighbouring digits swapped or one digit changed (the first digit kept), unused."""
    for _ in range(30):
        digits = list(national_id)
        index = rng.randrange(1, 9)
        if rng.random() < 0.5:
            digits[index], digits[index + 1] = digits[index + 1], digits[index]
        else:
            digits[index] = str((int(digits[index]) + rng.randrange(1, 10)) % 10)
        candidate = "".join(digits)
        if candidate != national_id and not Member.objects.filter(national_id=candidate).exists():
            return candidate
    return None


def seed(ctx) -> None:
    rng = ctx.rng_for("dedup")
    adults = list(
        Member.objects.filter(relation="head").order_by("pk").values_list("pk", flat=True)[: DUPLICATES * 20]
    )
    if not adults:
        return
    chosen = Member.objects.filter(pk__in=rng.sample(adults, min(DUPLICATES, len(adults)))).order_by("pk")
    created = 0
    with transaction.atomic():
        for member in chosen:
            national_id = _mistyped(member.national_id, rng)
            if national_id is None:
                continue
            first, father = _respell(member.first_name), _respell(member.father_name)
            grandfather = "" if rng.random() < 0.5 else _respell(member.grandfather_name)
            Member.objects.create(
                household=member.household,
                national_id=national_id,
                relation=Member.Relation.OTHER,
                first_name=first,
                father_name=father,
                grandfather_name=grandfather,
                family_name=member.family_name,
                name_key=name_parts_key(first, father, grandfather, member.family_name),
                gender=member.gender,
                birth_date=member.birth_date,
                phone=member.phone,
            )
            created += 1
    ctx.count("dedup_seeded_duplicates", created)
    if ctx.households > ctx.history_households:
        # Linking a registry of this size is a batch job of its own (`tamkeen dedup`), not part of seeding.
        ctx.say(f"dedup: {created} duplicate registrations planted; run `tamkeen dedup` to queue them")
        return
    result = run_registry_dedup()
    ctx.count("dedup_candidates", result["new_candidates"])
    ctx.say(f"dedup: {created} duplicate registrations, {result['new_candidates']} pairs to review")
