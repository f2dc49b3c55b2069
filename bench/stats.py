"""Aggregation of repeated runs: medians, percentiles and the ratio to the database-alone ceiling."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bench.wrk import WrkResult


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0..100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError("pct must be within 0..100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(value: float, ceiling: float | None) -> float | None:
    """``value`` as a fraction of ``ceiling``; None without a usable ceiling."""
    if ceiling is None or ceiling <= 0:
        return None
    return value / ceiling


@dataclass(frozen=True, slots=True)
class Summary:
    """The median of each figure over several runs (the median run is robust to one noisy run)."""

    runs: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # summed over the runs: any error is worth seeing
    requests: int
    rps_runs: tuple[float, ...]


def summarize(results: Sequence[WrkResult]) -> Summary:
    if not results:
        raise ValueError("no runs to summarize")
    return Summary(
        runs=len(results),
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p90_ms=statistics.median(r.p90_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        max_ms=max(r.max_ms for r in results),
        errors=sum(r.errors for r in results),
        requests=sum(r.requests for r in results),
        rps_runs=tuple(round(r.rps, 1) for r in results),
    )
