from tamkeen.forum.tests.factories import make_forum
from tests.access import BENEFICIARIES, PARTNERS, AccessCase, staff


def access_cases(world):
    forum = make_forum(world)
    event = {"pk": forum.event.pk}
    organiser = staff("organiser")
    readers = staff("organiser", "manager")
    # A badge is its holder's own; the family's exhibition booth belongs to the whole household.
    badge_readers = staff("organiser", "beneficiary_sby") | staff("beneficiary_wife", status=404)
    family_booth_readers = staff("organiser", *BENEFICIARIES)
    cases = [
        AccessCase("forum:home", allow=staff("organiser", "manager", *PARTNERS, *BENEFICIARIES)),
        AccessCase("forum:event_create", allow=organiser),
        AccessCase("forum:event", event, allow=readers),
        AccessCase(
            "forum:event",
            {"pk": forum.other_region_event.pk},
            allow={**staff("organiser", "manager", status=404), "manager_national": 200},
        ),
        AccessCase("forum:booth_add", event, allow=staff("organiser", status=405)),
        AccessCase("forum:booth_add", event, method="post", data={}, allow=staff("organiser", status=400)),
        AccessCase("forum:session_add", event, allow=staff("organiser", status=405)),
        AccessCase("forum:invite", event, allow=organiser),
        AccessCase("forum:invite", {"pk": forum.other_region_event.pk}, allow=staff("organiser", status=404)),
        AccessCase("forum:registrations", event, allow=organiser),
        AccessCase("forum:walk_in", event, allow=staff("organiser", status=405)),
        AccessCase("forum:invitations_print", event, allow=organiser),
        AccessCase("forum:check_in", event, allow=organiser),
        AccessCase("forum:report", event, allow=readers),
        AccessCase("forum:report_export", event, allow=readers, query="format=csv"),
        AccessCase("forum:report_export", event, allow=readers, query="format=xlsx"),
        AccessCase(
            "forum:booth",
            {"pk": forum.employer_booth.pk},
            allow=staff("partner_employer") | staff("partner_trainer", "partner_bank", status=404),
        ),
        AccessCase("forum:booth", {"pk": forum.family_booth.pk}, allow=staff(*PARTNERS, status=404)),
        AccessCase("forum:booth_scan", {"pk": forum.employer_booth.pk}, allow=staff(*PARTNERS, status=405)),
        AccessCase(
            "forum:booth_scan",
            {"pk": forum.employer_booth.pk},
            method="post",
            data={"code": "HSBY23"},
            allow=staff("partner_employer") | staff("partner_trainer", "partner_bank", status=404),
        ),
        AccessCase("forum:booth_apply", {"pk": forum.employer_booth.pk}, allow=staff(*PARTNERS, status=405)),
        AccessCase("forum:exhibitor_sales", {"pk": forum.family_booth.pk}, allow=family_booth_readers),
        AccessCase(
            "forum:exhibitor_sales",
            {"pk": forum.employer_booth.pk},
            allow=staff("organiser", *BENEFICIARIES, status=404),
        ),
    ]
    for name in ("badge_png", "badge_pdf", "badge_print"):
        cases.append(AccessCase(f"forum:{name}", {"pk": forum.head_sby.pk}, allow=badge_readers))
        cases.append(
            AccessCase(
                f"forum:{name}",
                {"pk": forum.head_frs.pk},
                allow=staff("organiser") | staff(*BENEFICIARIES, status=404),
            )
        )
    return cases
