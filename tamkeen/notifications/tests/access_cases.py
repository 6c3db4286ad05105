from tests.access import REGISTRY_READERS, AccessCase, staff


def access_cases(world):
    return [AccessCase("notifications:log", allow=staff(*REGISTRY_READERS))]
