"""`tamkeen dedup`: the linkage model over the registry; new pairs go to the supervisors' review queue."""

from __future__ import annotations

import time

from tamkeen.registry.models import Member

from .evidence import pair_evidence
from .features import record_features
from .linkage import link_records
from .services import candidates_propose


def member_records(batch_size: int = 20_000):
    fields = (
        "pk",
        "national_id",
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "gender",
        "birth_date",
        "phone",
        "household__governorate__name_ar",
    )
    for row in Member.objects.order_by().values_list(*fields).iterator(chunk_size=batch_size):
        pk, national_id, first, father, grandfather, family, gender, birth_date, phone, governorate = row
        yield {
            "record_id": str(pk),
            "national_id": national_id,
            "first_name": first,
            "father_name": father,
            "grandfather_name": grandfather,
            "family_name": family,
            "gender": gender,
            "birth_date": birth_date,
            "phone": phone,
            "governorate": governorate,
        }


def run_registry_dedup(*, actor=None, threshold: float = 0.9) -> dict:
    started = time.monotonic()
    records = list(member_records())
    by_id = {record["record_id"]: record for record in records}
    pairs = link_records(records, threshold=threshold)
    proposals = []
    for a, b, probability in pairs:
        evidence = pair_evidence(record_features(by_id[a]), record_features(by_id[b]))
        proposals.append((int(a), int(b), probability, evidence))
    counts = candidates_propose(actor=actor, pairs=proposals)
    return {
        "members": len(records),
        "pairs": counts["pairs"],
        "new_candidates": counts["new"],
        "already_known": counts["already_known"],
        "threshold": threshold,
        "seconds": round(time.monotonic() - started, 2),
    }
