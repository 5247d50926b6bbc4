"""Compile every ``locale/*/LC_MESSAGES/*.po`` into its ``.mo`` with polib.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which the demo machine may
lack; polib is a project dependency, so this command works wherever the app runs.
Fuzzy entries are left out of the ``.mo``, as ``msgfmt`` does.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def locale_dirs() -> list[Path]:
    return [Path(p) for p in settings.LOCALE_PATHS]


def compile_po(po_path: Path, mo_path: Path | None = None) -> Path:
    """Write the ``.mo`` next to ``po_path`` (or at ``mo_path``) and return its path."""
    catalogue = polib.pofile(str(po_path))
    target = mo_path or po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(target))
    return target


class Command(BaseCommand):
    help = "Compile the project's .po catalogues to .mo files with polib (no msgfmt)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-l",
            "--locale",
            action="append",
            default=[],
            help="Only this locale (repeatable); default: every locale found.",
        )

    def handle(self, *args, **options):
        wanted = set(options["locale"])
        compiled = 0
        for base in locale_dirs():
            for po_path in sorted(base.glob("*/LC_MESSAGES/*.po")):
                locale = po_path.parent.parent.name
                if wanted and locale not in wanted:
                    continue
                mo_path = compile_po(po_path)
                compiled += 1
                self.stdout.write(f"compiled {mo_path}")
        if not compiled:
            raise CommandError("No .po catalogue found under LOCALE_PATHS.")
