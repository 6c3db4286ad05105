from tamkeen.geography.models import Governorate, Region
from tamkeen.geography.selectors import load_data_file
from tamkeen.geography.services import offices_load


def seed(ctx) -> None:
    ctx.counts["offices"] = offices_load(load_data_file("jazan_offices.json"))
    ctx.counts["regions"] = Region.objects.count()
    ctx.counts["governorates"] = Governorate.objects.count()
