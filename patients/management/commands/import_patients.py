"""Import a CSV of identified fractures into a site, synchronously (no worker needed).

    python manage.py import_patients FILE --site CODE [--user USERNAME]

Rejected rows are listed on stderr as `row N, column C: message`; the last line on stdout is
JSON: {"rows": N, "imported": N, "duplicates": N, "rejected": N}. Exits 0 whenever the file was
read, whatever rows were rejected; non-zero with a message when it could not be read.
"""
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fls.models import Site, User
from fls.roles import ADMINISTRATOR, MANAGER
from fls.uploads import check_command_file

from ...importing import MAX_UPLOAD_BYTES, import_batch_create, import_batch_run
from ...models import ImportBatch


class Command(BaseCommand):
    @property
    def help(self):
        # Read when the parser is made (the translations are ready by then); argparse needs a real str.
        return _("Import identified fractures from a CSV file into a site.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV file (UTF-8 or Windows-1252)."))
        parser.add_argument("--site", required=True, help=_("The site's code."))
        parser.add_argument(
            "--user",
            help=_("Username recorded as the importer (an active member of the site). "
                   "Default: the site's first administrator or manager."),
        )

    def handle(self, *args, file, site, user=None, **options):
        path, site_obj = check_command_file(file, site, verb="import", max_bytes=MAX_UPLOAD_BYTES)
        by = self._importer(site_obj, user)
        try:
            with path.open("rb") as stream:  # read in blocks, never whole
                batch = import_batch_create(site=site_obj, by=by, filename=path.name, file=stream)
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(problem)s.") % {
                "file": file, "problem": exc.strerror or exc,
            }) from None
        except ValidationError as exc:
            raise CommandError(_("Cannot import %(file)s: %(problem)s") % {
                "file": file, "problem": " ".join(exc.messages),
            }) from None
        batch = import_batch_run(batch.pk)
        if batch.status == ImportBatch.Status.FAILED:
            raise CommandError(_("Cannot import %(file)s: %(problem)s") % {"file": file, "problem": batch.failure})
        # `row N, column C: message`, as README documents (a fixed form a script may read): only the message is
        # in the reader's language.
        for problem in batch.problems:
            self.stderr.write(f"row {problem['row']}, column {problem['column'] or '-'}: {problem['message']}")
        self.stdout.write(json.dumps({
            "rows": batch.rows_total, "imported": batch.imported,
            "duplicates": batch.duplicates, "rejected": batch.rejected,
        }))

    def _importer(self, site: Site, username: str | None) -> User:
        members = User.objects.filter(memberships__site=site, is_active=True)
        if username:
            found = members.filter(username=username).first()
            if found is None:
                raise CommandError(_("No active user %(user)s is a member of site %(site)s.") % {
                    "user": repr(username), "site": repr(site.code),
                })
            return found
        found = members.filter(groups__name__in=[ADMINISTRATOR, MANAGER]).order_by("id").first()
        if found is None:
            raise CommandError(_(
                "Site %(site)s has no active administrator or manager to record as the importer: "
                "name one with --user USERNAME."
            ) % {"site": repr(site.code)})
        return found
