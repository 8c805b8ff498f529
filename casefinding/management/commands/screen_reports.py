"""Screen a file of radiology reports (CSV, or HL7 v2 ORU^R01 messages) for a site.

    python manage.py screen_reports FILE --site CODE [--decisions OUT.csv] [--user USERNAME]

Skipped rows are listed on stderr as `row N, column C: message`. With --decisions, OUT.csv gets
`accession,candidate,site,evidence` for every report read (candidate 1 or 0; site is the fracture
site). The last line on stdout is JSON: {"reports": N, "candidates": N, "already_seen": N,
"rejected": N}, where candidates counts the new candidates this file added. Exits 0 whenever the
file was read; non-zero with a message when it could not be.
"""
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fls.csvsafe import write_csv
from fls.models import User
from fls.uploads import read_command_file

from ...intake import MAX_UPLOAD_BYTES, report_batch_from_file


class Command(BaseCommand):
    help = gettext_noop("Screen radiology reports (CSV or HL7 ORU^R01) for fragility fractures.")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown
        parser.add_argument("file")
        parser.add_argument("--site", required=True, help=gettext_lazy("The site's code."))
        parser.add_argument("--decisions",
                            help=gettext_lazy("Write accession,candidate,site,evidence for every report here."))
        parser.add_argument("--user",
                            help=gettext_lazy("Username recorded as the sender (an active member of the site)."))

    def handle(self, *args, file, site, decisions=None, user=None, **options):
        path, raw_bytes, site_obj = read_command_file(file, site, verb="screen", max_bytes=MAX_UPLOAD_BYTES)
        by = None
        if user:
            by = User.objects.filter(username=user, is_active=True, memberships__site=site_obj).first()
            if by is None:
                raise CommandError(_("No active user %(user)s is a member of site %(site)s.") % {"user": repr(user), "site": repr(site)})
        try:
            outcome = report_batch_from_file(
                site=site_obj, by=by, filename=path.name, raw_bytes=raw_bytes, keep_decisions=bool(decisions)
            )
        except ValidationError as exc:
            raise CommandError(_("Cannot screen %(file)s: %(problems)s") % {"file": file, "problems": " ".join(exc.messages)}) from None
        batch = outcome.batch
        for problem in batch.problems:
            self.stderr.write(_("row %(row)s, column %(column)s: %(message)s")
                              % {"row": problem["row"], "column": problem["column"] or "-", "message": problem["message"]})
        if decisions:
            rows = (
                {"accession": r.accession, "candidate": 1 if r.is_candidate else 0,
                 "site": r.fracture_site if r.is_candidate else "", "evidence": r.evidence if r.is_candidate else ""}
                for r in outcome.decisions
            )
            with open(decisions, "w", newline="", encoding="utf-8") as out:
                write_csv(rows, ["accession", "candidate", "site", "evidence"], out=out)
        self.stdout.write(json.dumps({
            "reports": batch.reports, "candidates": batch.candidates,
            "already_seen": batch.already_seen, "rejected": batch.rejected,
        }))
