from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from demo.services import DEMO_USERS, demo_seed
from fls.roles import role_label


class Command(BaseCommand):
    help = gettext_noop("Create deterministic synthetic demo data (sites, a login per role, patients at every stage).")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown
        parser.add_argument("--patients", type=int, default=200,
                            help=gettext_lazy("How many synthetic patients (default 200)."))
        parser.add_argument("--seed", type=int, default=1,
                            help=gettext_lazy("Random seed: the same seed gives the same data."))
        parser.add_argument("--password", default="fls-demo-2026", help=gettext_lazy("Password for every demo login."))

    def handle(self, *args, patients, seed, password, **options):
        if patients < 0:
            raise CommandError(_("--patients must be 0 or more."))
        if len(password) < 10:
            raise CommandError(_("--password must have at least 10 characters."))
        result = demo_seed(patients=patients, seed=seed, password=password)
        if result.created:
            self.stdout.write(_("Created %(patients)d synthetic patients with %(episodes)d fracture episodes.") % {
                "patients": result.patients, "episodes": result.episodes})
            self.stdout.write(_("And %(count)d patients on a treatment course of every drug, started up to five years "
                                "ago (doses due and overdue, courses ending, reviews due, stops and switches).") % {
                "count": result.on_treatment})
        else:
            self.stdout.write(_("Demo data already present: left as it is (demo passwords reset)."))
        self.stdout.write("\n" + _("Logins (password for all: %(password)s)") % {"password": password})
        for username, first, last, roles, site_codes, _lead in DEMO_USERS:
            role_names = ", ".join(role_label(role) for role in roles)
            sites = _("sites: %(codes)s") % {"codes": ", ".join(site_codes)}
            self.stdout.write(f"  {username:<17} {role_names:<14} {sites}")
