"""Statistical process control for the audit (issue 19): is a month's change signal or noise, and is a site
unusual among its peers or only small?

Two charts, each from counts the KPI table already has (numerator and denominator per month or per site):

- `p_chart`: a KPI's monthly proportions with their centre line (all months pooled) and 3-sigma control limits,
  which widen for a month with few cases. A point outside its limits is a signal; so is a run of 8 points in a row
  on the same side of the centre line.
- `funnel`: each site's proportion against its volume, with 95% and 99.8% limits around the sites' pooled
  proportion (a funnel, narrowing as the volume grows). A site outside the 99.8% limits is unusual.

The rules, their edges and their sources: docs/clinical-rules.md#statistical-process-control. The arithmetic is
plain Python over a handful of rows (twelve months, a few sites): the database has already counted.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Sequence

# docs/clinical-rules.md#statistical-process-control
SIGMAS = 3          # p-chart control limits: centre ± 3 standard errors at each point's own denominator
RUN_LENGTH = 8      # a shift: this many points in a row on one side of the centre line
FUNNEL_Z = {"95": 1.959964, "99.8": 3.090232}  # two-sided 95% and 99.8% normal quantiles

ABOVE, BELOW = "above", "below"


def _proportion(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _limits(centre: float, denominator: int, z: float) -> tuple[float, float]:
    """centre ± z standard errors of a proportion over `denominator` cases, kept within 0 and 1."""
    spread = z * math.sqrt(centre * (1 - centre) / denominator)
    return max(0.0, centre - spread), min(1.0, centre + spread)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


@dataclass(frozen=True)
class ChartPoint:
    """One month of a p-chart. Percentages (0-100), None where the month has no case to judge."""

    month: date
    numerator: int
    denominator: int
    percent: float | None
    lower: float | None
    upper: float | None
    outside: str = ""     # ABOVE or BELOW its control limits, or ""
    in_shift: str = ""    # ABOVE or BELOW: one of a run of RUN_LENGTH or more on that side of the centre line

    @property
    def signal(self) -> bool:
        return bool(self.outside or self.in_shift)


@dataclass(frozen=True)
class PChart:
    centre: float | None  # percent: all months' numerators over all their denominators
    points: list[ChartPoint]

    @property
    def signals(self) -> list[ChartPoint]:
        return [point for point in self.points if point.signal]


def p_chart(months: Sequence[tuple[date, int, int]], *, sigmas: float = SIGMAS, run_length: int = RUN_LENGTH) -> PChart:
    """The p-chart of (month, numerator, denominator) rows, in month order.

    A month with no case (denominator 0) has no point: it neither extends nor ends a run. A point exactly on the
    centre line ends a run (it is on neither side). With no case at all there is no centre line and no signal.
    A centre line of 0% or 100% has no spread, so its limits are the line itself: every point then sits on it.
    """
    total_num = sum(num for _, num, _ in months)
    total_den = sum(den for _, _, den in months)
    centre = _proportion(total_num, total_den)
    points: list[dict] = []
    for month, numerator, denominator in months:
        point = {"month": month, "numerator": numerator, "denominator": denominator, "percent": None,
                 "lower": None, "upper": None, "outside": "", "in_shift": ""}
        value = _proportion(numerator, denominator)
        if value is not None and centre is not None:
            lower, upper = _limits(centre, denominator, sigmas)
            point.update(percent=_percent(value), lower=_percent(lower), upper=_percent(upper),
                         outside=ABOVE if value > upper else BELOW if value < lower else "")
        points.append(point)
    _mark_shifts(points, centre, run_length)
    return PChart(_percent(centre), [ChartPoint(**point) for point in points])


def _mark_shifts(points: list[dict], centre: float | None, run_length: int) -> None:
    """Mark every point of a run of `run_length` or more judged points on one side of the centre line."""
    if centre is None:
        return
    run: list[dict] = []
    side = ""
    for point in points:
        if point["denominator"] == 0:
            continue  # no point this month: the run goes on past it
        value = point["numerator"] / point["denominator"]
        here = ABOVE if value > centre else BELOW if value < centre else ""
        if here and here == side:
            run.append(point)
        else:
            _close_run(run, side, run_length)
            run, side = ([point], here) if here else ([], "")
    _close_run(run, side, run_length)


def _close_run(run: list[dict], side: str, run_length: int) -> None:
    if side and len(run) >= run_length:
        for point in run:
            point["in_shift"] = side


@dataclass(frozen=True)
class FunnelUnit:
    """One site on a funnel plot. Percentages (0-100)."""

    label: str
    numerator: int
    denominator: int
    percent: float | None
    limits: dict[str, tuple[float, float]]  # "95" and "99.8": (lower, upper) at this site's volume
    outside: dict[str, str]                 # "95" and "99.8": ABOVE, BELOW or ""


@dataclass(frozen=True)
class Funnel:
    target: float | None  # percent: the sites pooled
    units: list[FunnelUnit]
    curve: list[tuple[int, dict[str, tuple[float, float]]]]  # (volume, limits) to draw the funnel's edges


def funnel(units: Sequence[tuple[str, int, int]], *, curve_points: int = 40) -> Funnel:
    """Each (label, numerator, denominator) against the pooled proportion of them all, with its 95% and 99.8%
    limits at its own volume; and the funnel's edges from a volume of 1 to the largest unit's, for drawing.
    A unit with no case has no percent and no limits."""
    target = _proportion(sum(num for _, num, _ in units), sum(den for _, _, den in units))
    out = []
    for label, numerator, denominator in units:
        value = _proportion(numerator, denominator)
        limits, outside = {}, {}
        if value is not None and target is not None:
            for name, z in FUNNEL_Z.items():
                lower, upper = _limits(target, denominator, z)
                limits[name] = (_percent(lower), _percent(upper))
                outside[name] = ABOVE if value > upper else BELOW if value < lower else ""
        out.append(FunnelUnit(label, numerator, denominator, _percent(value), limits, outside))
    curve = []
    largest = max((den for _, _, den in units), default=0)
    if target is not None and largest:
        volumes = sorted({max(1, round(largest * step / curve_points)) for step in range(1, curve_points + 1)})
        for volume in volumes:
            curve.append((volume, {name: tuple(_percent(x) for x in _limits(target, volume, z))
                                   for name, z in FUNNEL_Z.items()}))
    return Funnel(_percent(target), out, curve)
