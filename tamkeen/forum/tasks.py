from django.tasks import task


@task()
def send_invitation_messages(invitation_ids: list[int]) -> int:
    from tamkeen.forum.services import invitation_messages_send

    return invitation_messages_send(invitation_ids=invitation_ids)
