"""Check that the worklists' read model equals a rebuild from the clinical records (worklists.read_model).

Exit status 0 when it does; 1, listing the differing rows (ids and dates only: no names), when it does not.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from worklists.read_model import worklist_differences


class Command(BaseCommand):
    help = gettext_noop("Check the worklists' read model against the clinical records; exit 1 listing any differences.")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown
        parser.add_argument("--limit", type=int, default=20, help=gettext_lazy("Differing rows to list per table and kind."))

    def handle(self, *args, limit, **options):
        differences = worklist_differences(limit=limit)
        if not differences:
            self.stdout.write(self.style.SUCCESS(_("The worklist read model equals a rebuild from the records.")))
            return
        for difference in differences:
            self.stdout.write(f"{difference.table}: {difference.problem}: {difference.row}")
        raise CommandError(_("The worklist read model differs from the records (%(count)d rows listed). "
                             "Run `manage.py rebuild_worklist`.") % {"count": len(differences)}, returncode=1)
