from tamkeen.dedup.services import candidate_merge
from tests.access import AccessCase, staff

from .factories import make_candidate, make_duplicate_of

REVIEWERS_SBY = ("supervisor_sby", "manager")
# The national manager reads every region's pairs and decides none: a decision is refused before its form is read.
READS_ONLY = {"manager_national": 403}


def access_cases(world):
    # A pending pair in Sabya, a pair in Farasan, and a merged pair in Sabya (to undo).
    pending = make_candidate(world.son_sby, make_duplicate_of(world.son_sby))
    farasan = make_candidate(world.head_frs, make_duplicate_of(world.head_frs))
    wife_copy = make_duplicate_of(world.wife_sby)
    merged_pair = make_candidate(world.wife_sby, wife_copy)
    merge = candidate_merge(actor=world.supervisor_sby, candidate=merged_pair, survivor_id=world.wife_sby.pk)
    return [
        AccessCase("dedup:queue", allow=staff("supervisor_sby", "supervisor_frs", "manager")),
        AccessCase(
            "dedup:candidate", {"pk": pending.pk}, allow={**staff(*REVIEWERS_SBY), "supervisor_frs": 404}
        ),
        AccessCase(
            "dedup:candidate",
            {"pk": farasan.pk},
            allow={**staff("supervisor_frs", "manager"), "supervisor_sby": 404},
        ),
        # Posts without the form's fields: reviewers get 400 and nothing changes; nobody else gets that far.
        AccessCase(
            "dedup:merge",
            {"pk": pending.pk},
            method="post",
            data={},
            allow={**staff(*REVIEWERS_SBY, status=400), "supervisor_frs": 404, **READS_ONLY},
        ),
        AccessCase(
            "dedup:distinct",
            {"pk": pending.pk},
            method="post",
            data={},
            allow={**staff(*REVIEWERS_SBY, status=400), "supervisor_frs": 404, **READS_ONLY},
        ),
        AccessCase(
            "dedup:undo",
            {"pk": merge.pk},
            method="post",
            data={},
            allow={**staff(*REVIEWERS_SBY, status=400), "supervisor_frs": 404, **READS_ONLY},
        ),
        AccessCase(
            "dedup:check",
            method="post",
            data={"first_name": "محمد", "father_name": "علي", "family_name": "الحازمي"},
            allow=staff("worker_sby", "worker_frs", "supervisor_sby", "supervisor_frs", "manager"),
        ),
        # What was typed never travels in a URL: the check answers only a POST.
        AccessCase(
            "dedup:check",
            query="national_id=1000000008",
            allow=staff(
                "worker_sby", "worker_frs", "supervisor_sby", "supervisor_frs", "manager", status=405
            ),
        ),
    ]
