from django.tasks import task
from django.utils import timezone


@task()
def send_certificate_renewal_reminders() -> int:
    """Remind case workers of productive-family certificates about to lapse; run daily by the scheduler."""
    from tamkeen.enterprises.selectors import certificates_due_for_renewal
    from tamkeen.enterprises.services import certificate_remind_renewal

    today = timezone.localdate()
    sent = 0
    for certificate in certificates_due_for_renewal(today=today):
        sent += certificate_remind_renewal(certificate=certificate, today=today)
    return sent
