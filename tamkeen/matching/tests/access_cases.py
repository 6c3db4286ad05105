from tamkeen.matching.tests.fixtures import matching_world
from tests.access import OFFICE_SBY, AccessCase, by_scope, staff

FRS_404 = staff("worker_frs", "supervisor_frs", status=404)


def nora(status: int) -> int:
    """The proposal's member is not assigned to Nora: under the caseload scope she does not see it."""
    return by_scope(office=status, caseload=404)


def access_cases(world):
    objects = matching_world(world)
    proposal = {"public_id": objects["proposal"].public_id}
    member = {"member_pk": objects["daughter"].pk}
    need = {"member_pk": objects["daughter"].pk, "pk": objects["need"].pk}
    return [
        AccessCase("matching:runs", allow=staff(*OFFICE_SBY, "worker_frs", "supervisor_frs", "manager")),
        # GET is refused to everyone (405); a supervisor's POST starts a run of their own office.
        AccessCase("matching:start", allow={}, others=405, anonymous=405),
        AccessCase(
            "matching:start",
            method="post",
            data={"track": ""},
            allow=staff("supervisor_sby", "supervisor_frs", status=302),
        ),
        AccessCase(
            "matching:run",
            {"pk": objects["run_sby"].pk},
            allow={**staff(*OFFICE_SBY, "manager"), **FRS_404},
        ),
        AccessCase("matching:proposals", allow=staff(*OFFICE_SBY, "worker_frs", "supervisor_frs")),
        # Without the member's consent the send is refused with a message: the proposal stays proposed.
        AccessCase(
            "matching:confirm",
            proposal,
            method="post",
            allow={**staff(*OFFICE_SBY, status=302), **FRS_404, "worker_sby": nora(302)},
        ),
        AccessCase(
            "matching:reject", proposal, allow={**staff(*OFFICE_SBY), **FRS_404, "worker_sby": nora(200)}
        ),
        # An empty reason shows the form again and rejects nothing.
        AccessCase(
            "matching:reject",
            proposal,
            method="post",
            data={"reason": ""},
            allow={**staff(*OFFICE_SBY), **FRS_404, "worker_sby": nora(200)},
        ),
        # Accommodation needs (sensitive): only the office staff who may edit the member; POST only.
        AccessCase("matching:accommodation_record", member, allow={}, others=405, anonymous=405),
        # Without the member's accommodation consent nothing is written: back to the member page with a message.
        AccessCase(
            "matching:accommodation_record",
            member,
            method="post",
            data={"kind": "mobility", "what_helps": "منحدر"},
            allow={**staff(*OFFICE_SBY, status=302), **FRS_404, "worker_sby": nora(302)},
        ),
        AccessCase("matching:accommodation_remove", need, allow={}, others=405, anonymous=405),
        AccessCase(
            "matching:accommodation_remove",
            need,
            method="post",
            allow={**staff(*OFFICE_SBY, status=302), **FRS_404, "worker_sby": nora(302)},
        ),
    ]
