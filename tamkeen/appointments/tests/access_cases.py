from datetime import timedelta

from django.utils import timezone

from tamkeen.appointments import services
from tests.access import BENEFICIARIES, OFFICE_SBY, OFFICE_STAFF, AccessCase, staff

OTHER_OFFICE = staff("worker_frs", "supervisor_frs", status=404)
# Fatima shares Muhammad's household, not his appointments: each beneficiary sees their own.
OTHER_MEMBER = {"beneficiary_wife": 404}


def access_cases(world):
    appointment = services.appointment_invite(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="office",
        starts_at=timezone.now() + timedelta(days=3),
        place="مكتب صبيا",
    )
    one = {"pk": appointment.pk}
    sby_write = {**staff(*OFFICE_SBY, status=302), **OTHER_OFFICE}
    member_answer = {"beneficiary_sby": 302, **OTHER_MEMBER}
    return [
        AccessCase("appointments:list", allow=staff(*OFFICE_STAFF)),
        AccessCase("appointments:mine", allow=staff(*BENEFICIARIES)),
        AccessCase(
            "appointments:invite",
            {"member_pk": world.head_sby.pk},
            allow={**staff(*OFFICE_SBY), **OTHER_OFFICE},
        ),
        AccessCase(
            "appointments:detail",
            one,
            allow={**staff(*OFFICE_SBY, "manager", "beneficiary_sby"), **OTHER_OFFICE, **OTHER_MEMBER},
        ),
        AccessCase(
            "appointments:other_slot", one, method="post", data={"note": "بعد العصر"}, allow=member_answer
        ),
        AccessCase("appointments:confirm", one, method="post", allow=member_answer),
        AccessCase(
            "appointments:reschedule",
            one,
            method="post",
            data={"day": (timezone.localdate() + timedelta(days=5)).isoformat(), "time": "10:00"},
            allow=sby_write,
        ),
        AccessCase("appointments:attendance", one, method="post", data={"attended": "no"}, allow=sby_write),
        AccessCase("appointments:cancel", one, method="post", data={"reason": "إجازة"}, allow=sby_write),
    ]
