"""Put stalled document jobs back in the queue (design.md §6: the task queue has no
retries, and a worker killed mid-job leaves its job ``running`` for ever).

Run it every few minutes from a scheduler (cron, a systemd timer), as
``send_reminders`` is run; running it again finds nothing more to do. A job is
stalled when it has shown no progress for ``--minutes`` (default 15), or has waited
that long in the queue; after three attempts it is marked failed instead.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from thidua.documents import services


class Command(BaseCommand):
    help = (
        "Put document jobs left running by a killed worker (or never started) back "
        "in the queue; give them up after three attempts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(services.STALE_AFTER.total_seconds() // 60),
            help="A job without progress for this many minutes is stalled.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the jobs; change nothing."
        )

    def handle(self, *args, **options):
        if options["minutes"] < 1:
            raise CommandError("--minutes takes a whole number of minutes, 1 or more.")
        outcome = services.recover_stale_jobs(
            stale_after=timedelta(minutes=options["minutes"]),
            dry_run=options["dry_run"],
        )
        verb = "would be" if options["dry_run"] else "was"
        for job_id, what in outcome:
            self.stdout.write(f"job {job_id} {verb} {what}")
        self.stdout.write(f"{len(outcome)} stalled job(s).")
