"""Case-finding screen: quality on the labelled set (and a blind held-out set when named), and
speed on 100,000 reports.

    .venv/bin/python bench/screening.py [--reports 100000] [--processes 2] [--heldout MODULE:NAME]

--heldout names a list of LabelledReport to score as unseen wording, for example
tests.casefinding.heldout2_reports:HELDOUT_REPORTS; it is never loaded unless named, so a blind
set stays unread while the rules are tuned. The first held-out set is now part of the labelled set.

Needs no database: the screen is pure Python over the lexicon in casefinding/lexicon/. The
100,000 reports are the labelled reports repeated with a varying prefix (so no two
are the same string), screened in one process and then across --processes worker processes.
"""
import argparse
import importlib
import json
import os
import platform
import sys
import time
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casefinding.lexicon import base_screener  # noqa: E402
from casefinding.quality import evaluate  # noqa: E402
from tests.casefinding.labelled_reports import LABELLED_REPORTS  # noqa: E402

_screener = None


def _init():
    global _screener
    _screener = base_screener()


def _screen_many(batch):
    return sum(_screener.screen(text, age_at_exam=age, body_part=part).candidate for text, age, part in batch)


def workload(n):
    cases = LABELLED_REPORTS
    return [(f"Exam {i}. " + cases[i % len(cases)].text, cases[i % len(cases)].age, cases[i % len(cases)].body_part)
            for i in range(n)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--heldout", default="", help="MODULE:NAME of a blind list of LabelledReport to score")
    args = parser.parse_args()
    screener = base_screener()
    sets = [("labelled", LABELLED_REPORTS)]
    if args.heldout:
        module, _, name = args.heldout.partition(":")
        sets.append(("held-out", getattr(importlib.import_module(module), name or "HELDOUT_REPORTS")))
    for name, cases in sets:
        quality = evaluate(screener, cases)
        print(f"{name:9} {json.dumps(quality.summary())}")
        for kind, case, result in quality.errors:
            print(f"          {kind}: expected {case.site or '-'}, got {result.fracture_site or result.reason}: "
                  f"{case.text[:90]!r}")
    reports = workload(args.reports)
    started = time.perf_counter()
    candidates = sum(screener.screen(t, age_at_exam=a, body_part=p).candidate for t, a, p in reports)
    one = time.perf_counter() - started
    chunks = [reports[i:i + 2000] for i in range(0, len(reports), 2000)]
    started = time.perf_counter()
    with Pool(args.processes, initializer=_init) as pool:
        parallel_candidates = sum(pool.map(_screen_many, chunks))
    many = time.perf_counter() - started
    assert parallel_candidates == candidates
    print(f"speed     {args.reports} reports: {one:.1f} s in 1 process ({args.reports / one:,.0f}/s); "
          f"{many:.1f} s in {args.processes} processes ({args.reports / many:,.0f}/s); {candidates} candidates")
    print(f"machine   {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}")


if __name__ == "__main__":
    main()
