"""The access matrix's vocabulary, shared by every app's tests/access_cases.py.

An app lists, for every URL it defines, what each persona gets:

    AccessCase("registry:household", {"pk": world.household_sby.pk},
               allow={"worker_sby": 200, "supervisor_sby": 200, "manager": 200}, others=404)

Anonymous visitors are always expected to be sent to the login page unless `anonymous=` says otherwise. The
matrix runs under both case-worker scopes; where the answer differs, say so with `by_scope(office=…, caseload=…)`.
"""

from dataclasses import dataclass, field

PERSONAS = [
    "worker_sby",
    "supervisor_sby",
    "worker_frs",
    "supervisor_frs",
    "manager",
    "manager_national",
    "partner_employer",
    "partner_trainer",
    "partner_bank",
    "organiser",
    "auditor",
    "admin",
    "beneficiary_sby",
    "beneficiary_wife",
]

LOGIN = "login"  # an expectation meaning "302 to the login page"


@dataclass
class AccessCase:
    url_name: str
    kwargs: dict = field(default_factory=dict)
    allow: dict[str, int] = field(default_factory=dict)
    others: int = 403
    anonymous: int | str = LOGIN
    method: str = "get"
    data: dict | None = None
    query: str = ""

    def expected(self, persona: str) -> int | str:
        if persona == "anonymous":
            return self.anonymous
        if persona == "manager_national" and persona not in self.allow:
            # The national manager reads what the regional manager reads (over every region); a case says
            # otherwise only where the two differ (a region's own writes).
            persona = "manager"
        return self.allow.get(persona, self.others)


def by_scope(*, office: int | str, caseload: int | str) -> int | str:
    """The expectation under the current TAMKEEN_CASEWORKER_SCOPE ("office" or "caseload")."""
    from tamkeen.registry.access import caseload_only

    return caseload if caseload_only() else office


def staff(*personas: str, status: int = 200) -> dict[str, int]:
    return dict.fromkeys(personas, status)


OFFICE_SBY = ("worker_sby", "supervisor_sby")
OFFICE_FRS = ("worker_frs", "supervisor_frs")
OFFICE_STAFF = (*OFFICE_SBY, *OFFICE_FRS)
REGISTRY_READERS = (*OFFICE_STAFF, "manager")
PARTNERS = ("partner_employer", "partner_trainer", "partner_bank")
BENEFICIARIES = ("beneficiary_sby", "beneficiary_wife")
CASEWORKER_SCOPES = ("office", "caseload")
EVERYONE = tuple(PERSONAS)
