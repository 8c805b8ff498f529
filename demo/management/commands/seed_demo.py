from django.core.management.base import BaseCommand, CommandError

from demo.services import DEMO_USERS, demo_seed


class Command(BaseCommand):
    help = "Create deterministic synthetic demo data (sites, a login per role, patients at every stage)."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=200, help="How many synthetic patients (default 200).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--password", default="fls-demo-2026", help="Password for every demo login.")

    def handle(self, *args, patients, seed, password, **options):
        if patients < 0:
            raise CommandError("--patients must be 0 or more.")
        if len(password) < 10:
            raise CommandError("--password must have at least 10 characters.")
        result = demo_seed(patients=patients, seed=seed, password=password)
        if result.created:
            self.stdout.write(f"Created {result.patients} synthetic patients with {result.episodes} fracture episodes.")
            self.stdout.write(f"And {result.on_treatment} patients on a treatment course of every drug, started up to "
                              "five years ago (doses due and overdue, courses ending, reviews due, stops and switches).")
        else:
            self.stdout.write("Demo data already present: left as it is (demo passwords reset).")
        self.stdout.write("\nLogins (password for all: %s)" % password)
        for username, first, last, roles, site_codes, _lead in DEMO_USERS:
            self.stdout.write(f"  {username:<17} {', '.join(roles):<14} sites: {', '.join(site_codes)}")
