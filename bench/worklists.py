"""Request every worklist tab many times and print p50/p95 server time next to the raw SQL it runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fls_bench python bench/worklists.py --runs 50

Needs a database loaded by bench/generate_episodes.py. "Server" is the whole Django request in-process
(test Client: middleware, session, permissions, counts, rows, template); "SQL" is the same tab's counts
query plus rows query executed raw through the cursor, so the ratio is what Django adds around them.
"""
import argparse
import os
import statistics
import sys
import time


def _setup_django():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fls.settings")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(*, runs: int = 50, username: str = "bench_nurse_1", clinician: str = "bench_clinician_1", params=None):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from fls.models import User
    from worklists import selectors

    nurse = User.objects.get(username=username)
    client = Client()
    client.force_login(nurse)
    url = reverse("worklists:nurse")
    results = []
    for tab in selectors.TAB_KEYS:
        query = {"tab": tab, **(params or {})}
        client.get(url, query)  # warm caches
        server = []
        for _ in range(runs):
            t = time.perf_counter()
            response = client.get(url, query)
            server.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        filters = selectors.Filters(nurse=query.get("nurse", ""), q=query.get("q", ""))
        nurse._visible_site_ids = None
        del nurse._visible_site_ids
        counts_qs = selectors._filtered(nurse, filters)
        from django.utils import timezone

        today = timezone.localdate()
        rows_qs = _rows_queryset(nurse, tab, filters, today)
        sql = []
        with connection.cursor() as cursor:
            agg_sql, agg_params = _aggregate_sql(counts_qs, today)
            rows_sql, rows_params = rows_qs.query.sql_with_params()
            for _ in range(runs):
                t = time.perf_counter()
                cursor.execute(agg_sql, agg_params)
                cursor.fetchall()
                cursor.execute(rows_sql, rows_params)
                cursor.fetchall()
                sql.append((time.perf_counter() - t) * 1000)
        results.append((tab, response.context["counts"][tab] if response.context else None,
                        _pct(server, 50), _pct(server, 95), _pct(sql, 50), _pct(sql, 95)))
    client.force_login(User.objects.get(username=clinician))
    client.get(reverse("worklists:clinician"))
    server = []
    for _ in range(runs):
        t = time.perf_counter()
        client.get(reverse("worklists:clinician"))
        server.append((time.perf_counter() - t) * 1000)
    results.append(("clinician", None, _pct(server, 50), _pct(server, 95), None, None))
    return results


def _aggregate_sql(qs, today):
    from django.db.models import Count

    from worklists import selectors

    aggregates = {k: Count("id", filter=selectors.tab_condition(k, today)) for k in selectors.TAB_KEYS}
    # Let the ORM build exactly the page's statement by capturing it once (its SQL is inlined, no params).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        qs.aggregate(**aggregates)
    return ctx.captured_queries[-1]["sql"], None


def _rows_queryset(user, tab, filters, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from worklists import selectors

    class _Raw:
        def __init__(self, sql):
            self.sql = sql

        def sql_with_params(self):
            return self.sql, None

    with CaptureQueriesContext(connection) as ctx:
        selectors.tab_rows(user, tab, filters, today=today)

    class _QS:
        query = _Raw(ctx.captured_queries[-1]["sql"])

    return _QS


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--nurse", default="bench_nurse_1")
    parser.add_argument("--mine", action="store_true", help="also filter to the nurse's own episodes")
    args = parser.parse_args(argv)
    _setup_django()
    from patients.models import FractureEpisode

    print(f"episodes in the database: {FractureEpisode.objects.count():,}; nurse {args.nurse}; {args.runs} runs per tab")
    print(f"{'tab':<12}{'rows':>8}{'p50 ms':>9}{'p95 ms':>9}{'SQL p50':>9}{'SQL p95':>9}{'ratio p95':>10}")
    for tab, n, p50, p95, s50, s95 in run(runs=args.runs, username=args.nurse,
                                          params={"nurse": "mine"} if args.mine else None):
        ratio = f"{p95 / s95:.1f}x" if s95 else "—"
        print(f"{tab:<12}{n if n is not None else '':>8}{p50:>9.1f}{p95:>9.1f}"
              f"{(s50 or 0):>9.1f}{(s95 or 0):>9.1f}{ratio:>10}")


if __name__ == "__main__":
    main()
