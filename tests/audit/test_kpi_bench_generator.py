"""bench/kpis.py's generator (INSERT … SELECT, no service) writes every column the schema requires: it broke
unnoticed twice when a column without a database default was added (a decision's site, the episode's mirrored
facts), because nothing ran it. Here it loads a few hundred episodes into the test database and the KPIs read
them. Time budget: a few seconds."""
from datetime import date

import pytest
from django.db import connection

from audit import kpis
from fls.models import Site, User
from patients.models import FractureEpisode
from worklists.read_model import worklist_rebuild

pytestmark = pytest.mark.django_db


def test_the_kpi_benchmarks_generator_loads_rows_the_kpis_can_read():
    if connection.vendor != "postgresql":
        pytest.skip("bench/kpis.py loads PostgreSQL only")
    from bench.kpis import GENERATE

    sites = [Site.objects.create(code=f"kpi{i}", name=f"KPI bench site {i}") for i in range(2)]
    user = User.objects.create(username="kpi-bench")
    params = {"n": 300, "sites": 2, "first_site": sites[0].pk, "user": user.pk}
    with connection.cursor() as cursor:
        for statement in GENERATE.split(";\n"):
            if statement.strip():
                cursor.execute(statement, params)
    worklist_rebuild()  # loaded without the services: the read model is rebuilt from the rows, as after a restore
    assert FractureEpisode.objects.filter(site__in=sites).count() == 300
    table = kpis.kpi_table(sites=sites, date_from=date(2021, 1, 1), date_to=date(2025, 12, 31))
    assert any(result.denominator and result.numerator for result in table)
