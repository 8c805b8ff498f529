"""Case-finding screen: quality on the labelled set (and a blind held-out set when named), and
speed on 100,000 reports.

    .venv/bin/python bench/screening.py [--reports 100000] [--processes 2] [--heldout MODULE:NAME]
                                        [--heldout-ja MODULE[:NAME]]

--heldout names a list of LabelledReport to score as unseen wording, for example
tests.casefinding.heldout2_reports:HELDOUT_REPORTS; it is never loaded unless named, so a blind
set stays unread while the rules are tuned. The first held-out set is now part of the labelled set.

Japanese (issue 18): the development set tests/casefinding/ja_labelled_reports.py is always scored
("labelled-ja"); --heldout-ja names a blind Japanese set (a module whose REPORTS or HELDOUT_REPORTS are
dicts like the development set's, or MODULE:NAME), for example tests.casefinding.ja_heldout_reports,
scored only when named. The English figures are printed first and are not affected by the Japanese ones.

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
from tests.casefinding.ja_labelled_reports import REPORTS as JA_REPORTS  # noqa: E402
from tests.casefinding.japanese import labelled  # noqa: E402
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
    parser.add_argument("--reports-ja", type=int, default=20_000, help="Japanese reports to time in one process")
    parser.add_argument("--heldout-ja", default="", help="MODULE[:NAME] of a blind list of Japanese reports to score")
    args = parser.parse_args()
    screener = base_screener()
    sets = [("labelled", LABELLED_REPORTS)]
    if args.heldout:
        module, _, name = args.heldout.partition(":")
        sets.append(("held-out", getattr(importlib.import_module(module), name or "HELDOUT_REPORTS")))
    sets.append(("labelled-ja", labelled(JA_REPORTS)))
    if args.heldout_ja:
        module, _, name = args.heldout_ja.partition(":")
        module = importlib.import_module(module)
        reports = getattr(module, name) if name else getattr(module, "HELDOUT_REPORTS", None) or module.REPORTS
        sets.append(("held-out-ja", labelled(reports)))
    for name, cases in sets:
        quality = evaluate(screener, cases)
        print(f"{name:9} {json.dumps(quality.summary())}")
        for kind, case, result in quality.errors:
            print(f"          {kind}: expected {case.site or '-'}, got {result.fracture_site or result.reason}: "
                  f"{(case.note + ' ') if name.endswith('-ja') else ''}{case.text[:90]!r}")
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
    ja = labelled(JA_REPORTS)
    ja_reports = [(f"検査{i}。" + ja[i % len(ja)].text, ja[i % len(ja)].age, ja[i % len(ja)].body_part)
                  for i in range(args.reports_ja)]
    started = time.perf_counter()
    ja_candidates = sum(screener.screen(t, age_at_exam=a, body_part=p).candidate for t, a, p in ja_reports)
    ja_time = time.perf_counter() - started
    print(f"speed-ja  {args.reports_ja} Japanese reports: {ja_time:.1f} s in 1 process "
          f"({args.reports_ja / ja_time:,.0f}/s); {ja_candidates} candidates")
    print(f"machine   {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}")


if __name__ == "__main__":
    main()
