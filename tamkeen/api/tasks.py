from django.tasks import task


@task()
def purge_expired_api_records() -> dict:
    """Expired tokens and idempotency answers older than a day are of no use to anyone (a daily job)."""
    from datetime import timedelta

    from django.utils import timezone

    from tamkeen.api.models import AccessToken, IdempotencyRecord

    now = timezone.now()
    tokens, _ = AccessToken.objects.filter(expires_at__lt=now).delete()
    answers, _ = IdempotencyRecord.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    return {"tokens": tokens, "idempotency_records": answers}
