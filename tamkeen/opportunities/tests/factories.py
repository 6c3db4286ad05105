from itertools import count

from tamkeen.geography.models import Governorate
from tamkeen.opportunities.models import Opportunity

_codes = count(900_001)


def make_opportunity(entity, **fields) -> Opportunity:
    values = {
        "code": f"OPP-{next(_codes):06d}",
        "track": Opportunity.Track.TRAINING,
        "kind": Opportunity.Kind.COURSE,
        "title_ar": "دورة خدمة العملاء",
        "title_en": "Customer service course",
        "capacity": 10,
        "status": Opportunity.Status.OPEN,
        "governorate": Governorate.objects.get(code="SAB"),
        **fields,
    }
    return Opportunity.objects.create(entity=entity, **values)
