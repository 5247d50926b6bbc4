from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a back-up archive after verifying its checksums. It REPLACES the "
        "database's data and adds the uploaded files; run migrate first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--dry-run", action="store_true", help="verify the archive only"
        )

    def handle(self, *args, archive, dry_run=False, **options):
        try:
            if dry_run:
                manifest = read_backup(Path(archive)).manifest
                self.stdout.write(f"Archive verified ({len(manifest['files'])} files).")
                return
            manifest = restore_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the back-up of {manifest['created_at']} "
            f"({len(manifest['files'])} files verified)."
        )
