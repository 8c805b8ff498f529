"""Rebuild the worklists' read model from the clinical records (worklists.read_model).

Safe at any time: one transaction, so the lists show the old rows until the new ones commit. Run it after
restoring a backup, after changing records by hand in the database, or when `check_worklist` reports differences.
"""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from worklists.read_model import worklist_rebuild


class Command(BaseCommand):
    help = gettext_noop("Rebuild the worklists' read model from the clinical records.")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown

    def handle(self, *args, **options):
        for table, rows in worklist_rebuild().items():
            self.stdout.write(_("%(table)s: %(rows)d rows") % {"table": table, "rows": rows})
        self.stdout.write(self.style.SUCCESS(_("Worklist read model rebuilt.")))
