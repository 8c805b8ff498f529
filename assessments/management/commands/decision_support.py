"""Apply the decision support to a caseload: `python manage.py decision_support FILE.csv --out OUT.csv [--site CODE]`
(issue 16). The reading rules are assessments.batch's; the clinical rules docs/clinical-rules.md's.
"""
import argparse
import json
import os
import tempfile
import textwrap
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fls.models import Site

from ...batch import BOUNDS, COLUMNS, OUTPUT_COLUMNS, batch_settings, check_caseload, open_caseload
from ...thresholds import value


def help_text() -> str:
    """The command's help, in the language active when it is shown (the column names and codes stay as they are)."""
    bounds = textwrap.fill(", ".join(_("%(column)s %(low)s to %(high)s") % {"column": column, "low": low, "high": high}
                                     for column, (low, high) in BOUNDS.items()),
                           width=100, subsequent_indent="    ")
    return _("""Apply the decision support (WHO class, NOGG very-high-risk indicators, the proposed drug's safety checks)
to a CSV of cases, with the same rules and the same FRAX table (from the database) as the pages.

Input columns (all of them, in any order; other columns are ignored):
  %(input_columns)s
Output columns (OUT, UTF-8, one row per accepted case, in the file's order):
  %(output_columns)s
  who_class: normal, osteopenia, osteoporosis, severe_osteoporosis or unknown; very_high_risk: 0 or 1;
  very_high_reasons, warnings and notes: codes, sorted, joined with ";". warnings holds only renal_impairment,
  hypocalcaemia, vitamin_d_deficiency and cardiovascular_contraindication; every other code is a note
  (docs/clinical-rules.md#decision-support-notes lists them).

Reading a row (docs/clinical-rules.md#batch-check-of-a-caseload):
  - UTF-8 (with or without a byte-order mark), Windows-1252 or UTF-16; CRLF or LF; comma-delimited.
  - A blank cell is "not known"; case_id, assessment_date and index_fracture_site are required; a blank
    proposed_treatment is none (no safety check).
  - sex F or M; index_fracture_site hip, vertebra, wrist, humerus, pelvis, ankle or other; prior_mi_or_stroke
    0 or 1; proposed_treatment alendronate, risedronate, ibandronate, zoledronic_acid, denosumab, teriparatide,
    romosozumab, abaloparatide or none (codes in any letter case).
  - Dates YYYY-MM-DD, from 1980; fracture_date and last_vertebral_fracture_date not after assessment_date.
  - Numbers with a dot decimal; age, vertebral_fractures and glucocorticoid_months whole numbers; none
    negative. Each within (outside is a typing or unit mistake: a calcium above 5 is mg/dL):
    %(bounds)s.
  - vertebral_fractures counts a vertebral index fracture: at least 1 with index_fracture_site vertebra,
    and with a last_vertebral_fracture_date.
  - case_id: at most 100 characters, not starting with = + - @; a case_id used by an earlier row rejects
    the later row.
  - A row with a problem is skipped and reported on stderr, one line per problem:
    `row N, column C: reason` (N the file's line number, the header being line 1).

stdout ends with one JSON line: {"cases": N, "very_high_risk": N, "with_warnings": N, "rejected": N}.
Exit 0 when the file was read, whatever rows were rejected; 1 with a message when it cannot be read, lacks a
column, or OUT cannot be written (OUT is then left as it was).

Without --site the low-calcium threshold is the default (%(calcium)s mmol/L, unverified); with --site, that site's
setting.""") % {
        "input_columns": ",".join(COLUMNS.names), "output_columns": ",".join(OUTPUT_COLUMNS), "bounds": bounds,
        "calcium": value("adjusted_calcium_low")}


class Command(BaseCommand):
    help = lazy(help_text, str)()

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter  # the help above keeps its lines
        parser.description = help_text()
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("The CSV of cases."))
        parser.add_argument("--out", required=True,
                            help=gettext_lazy("The CSV to write (replaced once every row is read)."))
        parser.add_argument("--site", help=gettext_lazy("A site's code: use its low-calcium threshold."))

    def handle(self, *args, file, out, site=None, **options):
        source, target = Path(file), Path(out)
        if target.exists() and source.exists() and target.resolve() == source.resolve():
            raise CommandError(_("The output file must not be the input file."))
        try:
            stream = source.open("rb")  # read in blocks, never whole
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(reason)s.") % {"file": file,
                                                                          "reason": exc.strerror or exc}) from None
        with stream:
            try:
                table, rows = open_caseload(stream)
            except ValidationError as exc:
                raise CommandError(_("Cannot check %(file)s: %(reason)s") % {
                    "file": file, "reason": " ".join(exc.messages)}) from None
            # The file is checked before the database is read.
            settings = batch_settings(self._site(site) if site else None)
            temporary = self._temporary_beside(target)
            try:
                with open(temporary, "w", encoding="utf-8", newline="") as written:
                    summary = check_caseload(table, rows, written, settings=settings,
                                             on_problem=lambda problem: self.stderr.write(str(problem)))
                os.replace(temporary, target)
            except ValidationError as exc:
                raise CommandError(_("Cannot check %(file)s: %(reason)s") % {
                    "file": file, "reason": " ".join(exc.messages)}) from None
            except OSError as exc:
                raise CommandError(_("Cannot write %(out)s: %(reason)s.") % {
                    "out": out, "reason": exc.strerror or exc}) from None
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        self.stdout.write(json.dumps(summary.as_dict()))

    @staticmethod
    def _site(code: str) -> Site:
        found = Site.objects.filter(code=code).first()
        if found is None:
            raise CommandError(_("No site has the code %(code)r.") % {"code": code})
        return found

    @staticmethod
    def _temporary_beside(target: Path) -> str:
        """An empty file in OUT's folder, renamed to OUT once every row is written: a failure never leaves a
        half-written OUT."""
        try:
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        except OSError as exc:
            raise CommandError(_("Cannot write %(out)s: %(reason)s.") % {"out": target,
                                                                         "reason": exc.strerror or exc}) from None
        os.close(handle)
        return name
