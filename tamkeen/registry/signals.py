"""What the registry tells other apps without importing them (they connect in their ``AppConfig.ready``)."""

from django.dispatch import Signal

# Sent by a roll import, inside its transaction, with ``actor`` and ``conflicts``: a list of
# (id of the member holding a national ID, file number of the household whose roll row lists that ID).
roll_conflicts = Signal()
