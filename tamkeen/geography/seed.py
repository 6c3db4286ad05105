from tamkeen.geography.models import Governorate, Region
from tamkeen.geography.selectors import load_data_file
from tamkeen.geography.services import offices_load, reference_data_ensure


def seed(ctx) -> None:
    reference_data_ensure()
    ctx.counts["offices"] = offices_load(load_data_file("jazan_offices.json"))
    ctx.counts["regions"] = Region.objects.count()
    ctx.counts["governorates"] = Governorate.objects.count()
