"""Send the day's e-mail reminders about required documents (issue 3).

Run once a day by a scheduler (cron, a systemd timer), as healthchecks runs
``sendalerts``; see README.md "Scheduled tasks". Running it again the same day sends
nothing more.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.cycles import services


class Command(BaseCommand):
    help = (
        "E-mail member units that have not sent a required document: a few days "
        "before its due date and once after it is missed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Run as on this day (YYYY-MM-DD); default: today in Hà Nội time.",
        )

    def handle(self, *args, **options):
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date takes a date as YYYY-MM-DD.") from exc
        else:
            today = timezone.localdate()
        sent = services.send_reminders(today=today)
        self.stdout.write(f"{len(sent)} reminder(s) sent for {today.isoformat()}.")
