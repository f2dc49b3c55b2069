"""The results: a JSON document in bench/results/ and a markdown table for docs/performance.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _cpu(cpu: dict[str, float] | None) -> str:
    if not cpu:
        return "–"
    return " / ".join(f"{cpu.get(name, 0):.0f}" for name in ("service", "database", "loadgen", "other"))


def per_service_core(rps: float | None, cpu: dict[str, float] | None) -> float | None:
    """Requests per second of service CPU: the figure least moved by other load on the machine."""
    if rps is None or not cpu or cpu.get("service", 0) <= 0:
        return None
    return rps / (cpu["service"] / 100)


def _row(name: str, connections: int, row: dict[str, Any], versus_floor: str) -> str:
    return (
        f"| {name} | {connections} | {_num(row['rps'], 0)} | {_num(row['p50_ms'], 2)} "
        f"| {_num(row['p90_ms'], 2)} | {_num(row['p99_ms'], 2)} | {row['errors']} "
        f"| {_num(row['ratio'], 3)} | {versus_floor} | {_num(per_service_core(row['rps'], row.get('cpu')), 0)} "
        f"| {_cpu(row.get('cpu'))} |"
    )


def markdown_table(results: dict[str, Any]) -> str:
    lines = [
        "| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | errors | × ceiling | × floor (p99 × floor) "
        "| req/s per svc core | CPU % svc / db / load / other |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in results["ceiling"]:
        lines.append(
            f"| **db ceiling** (pgbench PK lookup) | {row['connections']} | {_num(row['tps'], 0)} | – | – | – | – "
            f"| 1.00 | – | – | {_cpu(row.get('cpu'))} |"
        )
    for row in results["scenarios"]:
        if row.get("skipped") or row.get("failed"):
            continue
        if "floor" in row:
            lines.append(_row(f"*floor* {row['name']}", row["connections"], row["floor"], "1.00"))
        versus_floor = "–"
        if row.get("floor_ratio") is not None:
            versus_floor = f"**{row['floor_ratio']:.2f}** ({_num(row.get('floor_p99_ratio'), 2)})"
        lines.append(_row(row["name"], row["connections"], row, versus_floor))
    notes = [
        f"- {row['name']}: {'skipped' if row.get('skipped') else 'FAILED'}: {row.get('skipped') or row.get('failed')}"
        for row in results["scenarios"]
        if (row.get("skipped") or row.get("failed")) and row.get("connections") in (None, results["connections"][0])
    ]
    meta = results["meta"]
    header = (
        f"`{meta['command']}` at {meta['started_at']} on commit `{meta['commit']}` ({meta['cpus']} cores, "
        f"{meta['workers']} workers; {meta['runs']} × {meta['duration_s']} s runs after {meta['warmup_s']} s warm-up; "
        f"start-up to /ready {meta['startup_s']:.2f} s, every worker idle after "
        f"{meta.get('startup_all_workers_s', 0):.2f} s; idle RSS per worker {meta['idle_rss_mb']} MB)"
    )
    return "\n".join([header, "", *lines, *(["", *notes] if notes else [])]) + "\n"


def write_json(results: dict[str, Any], directory: Path, stamp: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return path
