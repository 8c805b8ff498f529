"""`python manage.py scan_followups --today YYYY-MM-DD [--site CODE]`: the reminder scan, run here and now.

The same scan beat queues each day (follow-ups and treatment courses' items); for operations (catch up after an
outage) and tests. Ends with one JSON line: {"due": N, "overdue": N, "reminders_created": N, "escalated": N,
"doses_due": N, "doses_overdue": N, "course_events": N} (README, "Operational commands").
"""
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fls.models import Site
from followup import services


class Command(BaseCommand):
    help = gettext_noop("Make the follow-up and treatment course reminders due on a day (default: today), once each.")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown
        parser.add_argument("--today", help=gettext_lazy("The day to scan for, YYYY-MM-DD (default: today)."))
        parser.add_argument("--site", help=gettext_lazy("Only this site (its code)."))
        parser.add_argument("--chunk-size", type=int, default=services.DEFAULT_CHUNK_SIZE)
        parser.add_argument("--no-digest", action="store_true", help=gettext_lazy("Do not send the daily email digests."))

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError:
            raise CommandError(_("--today must be a date as YYYY-MM-DD."))
        site_ids = None
        if options["site"]:
            site = Site.objects.filter(code=options["site"]).first()
            if site is None:
                raise CommandError(_("No site with code %(code)s.") % {"code": repr(options["site"])})
            site_ids = [site.pk]
        result = services.followups_scan(today=today, site_ids=site_ids, chunk_size=options["chunk_size"],
                                         send_digests=not options["no_digest"])
        self.stdout.write(json.dumps(result.summary()))
