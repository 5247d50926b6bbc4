from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.core.backup import write_backup


class Command(BaseCommand):
    help = "Write one back-up archive: database, uploaded files, checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive path (default: backups/thidua-<date-time>.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(output or f"backups/thidua-{stamp}.tar.gz")
        manifest = write_backup(target)
        self.stdout.write(
            f"Back-up written to {target} ({len(manifest['files'])} files checked)."
        )
