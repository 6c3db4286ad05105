import json

from django.core.management.base import BaseCommand

from tamkeen.geography.region_file import RegionFileError, read_region_file
from tamkeen.geography.services import RegionReferenceError, region_load


class Command(BaseCommand):
    help = "Load a region's governorates, offices and units from a JSON or XLSX region file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = region_load(actor=None, region_file=read_region_file(file))
        except (RegionFileError, RegionReferenceError) as error:
            self.stderr.write(f"cannot load {file}: {error}")
            raise SystemExit(2) from error
        self.stdout.write(json.dumps(counts))
