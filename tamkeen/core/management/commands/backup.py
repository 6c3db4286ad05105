import json

from django.core.management.base import BaseCommand

from tamkeen.core.backup import BackupError, backup_create, restore_drill


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump in one snapshot, or SQLite's online backup) with a manifest of row "
        "counts; --drill BACKUP restores one into a scratch database and checks counts and the audit chain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="directory (default var/backups/) or file path of the backup")
        parser.add_argument("--drill", metavar="BACKUP", help="restore this backup into a scratch database")

    def handle(self, *args, output, drill, **options):
        try:
            if drill:
                report = restore_drill(drill)
                self.stdout.write(json.dumps(report.as_json()))
                if not report.ok:
                    raise SystemExit(1)
                return
            path, manifest = backup_create(output)
        except BackupError as error:
            self.stderr.write(str(error))
            raise SystemExit(2) from error
        self.stdout.write(
            json.dumps(
                {
                    "backup": str(path),
                    "tables": len(manifest["tables"]),
                    "rows": sum(manifest["tables"].values()),
                }
            )
        )
