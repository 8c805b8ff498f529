"""`python manage.py export_kpis --site CODE --from D --to D`: the KPI table as CSV on stdout."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fls.csvsafe import write_csv
from fls.models import Site

from ...exports import KPI_CSV_HEADER, kpi_csv_rows
from ...kpis import kpi_table


class Command(BaseCommand):
    help = gettext_noop("Print the national-audit KPI table for one site and a period of fracture dates, as CSV.")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown
        parser.add_argument("--site", required=True, help=gettext_lazy("The site's code."))
        parser.add_argument("--from", dest="date_from", required=True,
                            help=gettext_lazy("First fracture date, YYYY-MM-DD."))
        parser.add_argument("--to", dest="date_to", required=True, help=gettext_lazy("Last fracture date, YYYY-MM-DD."))

    def handle(self, *args, site, date_from, date_to, **options):
        site_obj = Site.objects.filter(code=site).first()
        if site_obj is None:
            raise CommandError(_("No site with code %(code)s.") % {"code": repr(site)})
        start, end = parse_date(date_from or ""), parse_date(date_to or "")
        if start is None or end is None:
            raise CommandError(_("--from and --to must be dates like 2026-01-31."))
        if start > end:
            raise CommandError(_("--from must not be after --to."))
        results = kpi_table(sites=[site_obj], date_from=start, date_to=end)
        write_csv(kpi_csv_rows(results), KPI_CSV_HEADER, out=self.stdout)
