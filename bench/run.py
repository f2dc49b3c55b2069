"""``python -m bench.run [--quick]``: seed once, start the service, load it with wrk, measure the ceiling.

See docs/performance.md ("Method") for what is measured and how to read the table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import ceiling, sales_freshness, seeding, wrk
from bench.cpu import CpuSampler
from bench.database import BenchDatabase, bench_database
from bench.floor import OWNER_HEADER
from bench.report import markdown_table, write_json
from bench.scenarios import Scenario, missing_reason, select
from bench.service import Service, app_routes_and_scopes, start_floor, start_service
from bench.stats import ratio, summarize
from bench.targets import Target, TargetError, target_for

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    quick: bool
    connections: tuple[int, ...] = (10, 64)
    warmup_s: float = 5
    duration_s: float = 10
    runs: int = 3
    workers: int = 2
    deep_rows: int = 10_000
    profile: bool = False  # py-spy the workers during the first measured run
    ceiling: bool = True  # measure the database alone (pgbench) first


PROFILES = {
    "full": Profile("full", quick=False),
    "quick": Profile("quick", quick=True, warmup_s=1, duration_s=2, runs=1, deep_rows=1_000),
}


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _one_request(service: Service, scenario: Scenario, path: str, headers: dict[str, str]) -> str | None:
    """A single request before the load: None when it answers as expected, else what went wrong."""
    data = scenario.body.encode() if scenario.body else None
    request = urllib.request.Request(  # noqa: S310 - loopback
        service.base_url + path, data=data, method=scenario.method, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status = response.status
            body = b""
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    if status in scenario.expect:
        return None
    detail = body[:300].decode(errors="replace")
    return f"{scenario.method} {path} answered {status} (expected {scenario.expect}): {detail}"


def _pids_of(holder: dict[str, Any]) -> Callable[[], list[int]]:
    """The load generator's pid once it is started (the sampler starts just before it)."""
    return lambda: [holder["p"].pid] if "p" in holder else []


def _groups(service_pid: int | None, db: BenchDatabase, loadgen: Callable[[], list[int]]) -> dict[str, Any]:
    return {
        "service": lambda: [service_pid] if service_pid else [],
        "database": lambda: [db.server_pid] if db.server_pid else [],
        "loadgen": loadgen,
    }


def _median_cpu(samples: list[dict[str, float]]) -> dict[str, float]:
    if not samples:
        return {}
    keys = samples[0].keys()
    return {key: sorted(s[key] for s in samples)[len(samples) // 2] for key in keys}


def _drive_wrk(
    services: list[Service], db: BenchDatabase, script: Path, connections: int, profile: Profile
) -> list[tuple[list[wrk.WrkResult], dict[str, float]]]:
    """Warm each service up, then measured runs in alternating rounds (showbay, floor, showbay, floor, ...):
    a burst of load from elsewhere on the machine hits both alike, so their ratio stays comparable."""
    threads = os.cpu_count() or 2
    for service in services:
        wrk.start(service.base_url, script, connections, profile.warmup_s, threads).communicate()
    results: list[list[wrk.WrkResult]] = [[] for _ in services]
    cpu: list[list[dict[str, float]]] = [[] for _ in services]
    for run_no in range(profile.runs):
        for index, service in enumerate(services):
            process: dict[str, Any] = {}
            profiled = profile.profile and run_no == 0 and index == 0  # py-spy showbay only
            spy = _py_spy(service, script, connections, profile) if profiled else None
            with CpuSampler(_groups(service.process.pid, db, _pids_of(process))) as sampler:
                process["p"] = wrk.start(service.base_url, script, connections, profile.duration_s, threads)
                stdout, _ = process["p"].communicate()
            if spy is not None:
                spy.wait()
            results[index].append(wrk.parse_output(stdout))
            cpu[index].append(sampler.percentages())
    return [(runs, _median_cpu(samples)) for runs, samples in zip(results, cpu, strict=True)]


def _py_spy(service: Service, script: Path, connections: int, profile: Profile) -> subprocess.Popen[bytes]:
    """Sample every worker during the run into collapsed stacks (flamegraph.pl / speedscope read them)."""
    output = ROOT / "bench" / "results" / f"{script.stem}-c{connections}.folded"
    print(f"profiling into {output.relative_to(ROOT)}", flush=True)
    command = [str(Path(sys.executable).with_name("py-spy")), "record", "--subprocesses", "--format", "raw"]
    command += ["--rate", "250", "--nonblocking", "-d", str(max(1, round(profile.duration_s)))]
    command += ["-p", str(service.process.pid), "-o", str(output)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _ceiling(db: BenchDatabase, max_id: int, connections: int, profile: Profile, work: Path) -> dict[str, Any]:
    script = work / "pk_lookup.sql"
    script.write_text(ceiling.LOOKUP.format(max_id=max_id))
    threads = os.cpu_count() or 2
    ceiling.start(db.url, script, connections, profile.warmup_s, threads).communicate()
    tps_runs, latencies, cpu = [], [], []
    for _ in range(profile.runs):
        process: dict[str, Any] = {}
        with CpuSampler(_groups(None, db, _pids_of(process))) as sampler:
            process["p"] = ceiling.start(db.url, script, connections, profile.duration_s, threads)
            stdout, _ = process["p"].communicate()
        tps, latency = ceiling.parse_pgbench(stdout)
        tps_runs.append(tps)
        latencies.append(latency)
        cpu.append(sampler.percentages())
    tps_runs.sort()
    return {
        "connections": connections,
        "tps": tps_runs[len(tps_runs) // 2],
        "tps_runs": tps_runs,
        "latency_avg_ms": sorted(x for x in latencies if x is not None)[len(latencies) // 2] if latencies[0] else None,
        "cpu": _median_cpu(cpu),
    }


def run(profile: Profile, names: str | None) -> dict[str, Any]:
    wrk.wrk_binary()  # fail early with the install hint
    wanted = [n.strip() for n in (names or "").split(",") if n.strip()]
    freshness = not wanted or sales_freshness.SCENARIO in wanted
    rest = [n for n in wanted if n != sales_freshness.SCENARIO]
    scenarios = select(",".join(rest)) if rest else (() if wanted else select(None))
    started = datetime.now(UTC)
    work = ROOT / ".showbay" / "bench-work"
    work.mkdir(parents=True, exist_ok=True)
    routes, scopes = app_routes_and_scopes()
    results: dict[str, Any] = {"ceiling": [], "scenarios": [], "connections": list(profile.connections)}
    with bench_database(ROOT / ".showbay" / "bench-postgres", f"showbay_bench_{profile.name}") as db:
        from showbay.bootstrap.migrate import upgrade

        upgrade(db.url)
        commands = seeding.seed_commands()
        seeded: dict[str, seeding.Seeded] = {}
        unavailable: dict[str, str] = {}
        for dataset in seeding.DATASETS:
            outcome = seeding.ensure_seeded(db.url, dataset, profile.quick, commands)
            if isinstance(outcome, str):
                unavailable[dataset.name] = outcome
            else:
                seeded[dataset.name] = outcome
        ceilings: dict[int, float] = {}
        if profile.ceiling and "tasks" in seeded and seeded["tasks"].max_id:
            for connections in profile.connections:
                row = _ceiling(db, seeded["tasks"].max_id, connections, profile, work)
                ceilings[connections] = row["tps"]
                results["ceiling"].append(row)
                print(f"ceiling at {connections} clients: {row['tps']:,.0f} lookups/s", flush=True)
        service = start_service(db.url, profile.workers, work / "service.log")
        floor = None
        try:
            if any(scenario.floor for scenario in scenarios):
                floor = start_floor(db.url, profile.workers, work / "floor.log")
                floor.wait_until_workers_idle()
            all_workers_s = service.startup_s + service.wait_until_workers_idle()
            idle_rss = service.idle_rss_mb()

            def token_for(subject: str) -> dict[str, str]:
                from showbay.adapters.security.jwt_tokens import mint_token

                token = mint_token(service.jwt_secret, subject, scopes, ttl=timedelta(hours=2))
                return {"Authorization": f"Bearer {token}"}

            for scenario in scenarios:
                results["scenarios"].extend(
                    _scenario(
                        scenario, (service, floor), db, routes, seeded, unavailable, token_for, profile, work, ceilings
                    )
                )
            if freshness and "transactions" in seeded:  # last: it appends rows the read scenarios should not see
                tag = datetime.now(UTC).strftime("%H%M%S")
                results["sales_freshness"] = sales_freshness.measure(service, db.url, token_for, profile.quick, tag)
        finally:
            service.stop()
            if floor is not None:
                floor.stop()
        if "tasks" in seeded:
            seeding.trim(db.url, "tasks", seeded["tasks"].max_id)
        results["database"] = {"embedded": db.embedded, "settings": db.settings}
    results["datasets"] = {name: dataclasses.asdict(s) for name, s in seeded.items()} | {
        name: {"unavailable": why} for name, why in unavailable.items()
    }
    results["meta"] = {
        "command": "make bench-quick" if profile.quick else "make bench",
        "profile": dataclasses.asdict(profile),
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "elapsed_s": round((datetime.now(UTC) - started).total_seconds(), 1),
        "commit": _commit(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "workers": profile.workers,
        "runs": profile.runs,
        "duration_s": profile.duration_s,
        "warmup_s": profile.warmup_s,
        "startup_s": service.startup_s,
        "startup_all_workers_s": round(all_workers_s, 2),
        "idle_rss_mb": idle_rss,
    }
    return results


def _scenario(  # noqa: PLR0917 - the run's context, passed along once per scenario
    scenario: Scenario,
    servers: tuple[Service, Service | None],
    db: BenchDatabase,
    routes: set[tuple[str, str]],
    seeded: dict[str, seeding.Seeded],
    unavailable: dict[str, str],
    token_for: Callable[[str], dict[str, str]],
    profile: Profile,
    work: Path,
    ceilings: dict[int, float],
) -> list[dict[str, Any]]:
    service, floor = servers
    floor = floor if scenario.floor else None
    base = {"name": scenario.name, "endpoint": scenario.endpoint, "note": scenario.note}
    reason = missing_reason(scenario, routes, set(seeded))
    if reason and scenario.dataset in unavailable:
        reason += f" ({unavailable[scenario.dataset]})"
    if reason is None:
        try:
            target: Target = target_for(scenario, db.url, service.base_url, token_for, profile.deep_rows)
        except TargetError as exc:
            return [{**base, "failed": str(exc)}]
        headers = {**token_for(target.subject), **({"Content-Type": "application/json"} if scenario.body else {})}
        if floor is not None:
            headers[OWNER_HEADER] = target.subject  # ignored by showbay, which takes it from the token
        failure = _one_request(service, scenario, target.paths[0], headers)
        if failure is None and floor is not None:
            failure = _one_request(floor, scenario, target.paths[0], headers)
            failure = failure and f"floor: {failure}"
        if failure:
            return [{**base, "failed": failure}]
    else:
        print(f"skip {scenario.name}: {reason}", flush=True)
        return [{**base, "skipped": reason}]
    script = work / f"{scenario.name}.lua"
    script.write_text(wrk.lua_script(scenario.method, target.paths, headers, scenario.body))
    rows = []
    for connections in profile.connections:
        measured = _drive_wrk([service, *([floor] if floor else [])], db, script, connections, profile)
        runs, cpu = measured[0]
        summary = summarize(runs)
        row = {
            **base,
            **dataclasses.asdict(summary),
            "connections": connections,
            "ratio": ratio(summary.rps, ceilings.get(connections)),
            "cpu": cpu,
        }
        line = f"{scenario.name} c={connections}: {summary.rps:,.0f} req/s p99 {summary.p99_ms:.1f} ms"
        if len(measured) > 1:
            floor_runs, floor_cpu = measured[1]
            floor_summary = summarize(floor_runs)
            row["floor"] = {
                **dataclasses.asdict(floor_summary),
                "ratio": ratio(floor_summary.rps, ceilings.get(connections)),
                "cpu": floor_cpu,
            }
            row["floor_ratio"] = ratio(summary.rps, floor_summary.rps)
            row["floor_p99_ratio"] = ratio(summary.p99_ms, floor_summary.p99_ms)
            row["floor_ratio_runs"] = [
                round(a / b, 3) for a, b in zip(summary.rps_runs, floor_summary.rps_runs, strict=True)
            ]
            line += f" ({row['floor_ratio']:.2f}x floor {floor_summary.rps:,.0f} req/s, p99 {floor_summary.p99_ms:.1f})"
        rows.append(row)
        print(f"{line} errors {summary.errors} cpu {cpu}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small data, short runs (< 2 minutes)")
    parser.add_argument("--scenarios", default=os.environ.get("BENCH_SCENARIOS"), help="comma-separated names")
    parser.add_argument("--runs", type=int, help="measured runs per scenario and client count")
    parser.add_argument("--duration", type=float, help="seconds per measured run")
    parser.add_argument("--workers", type=int, help="service worker processes")
    parser.add_argument("--connections", help="comma-separated client counts (default 10,64)")
    parser.add_argument("--no-ceiling", action="store_true", help="skip pgbench (comparing against the floor only)")
    parser.add_argument("--profile", action="store_true", help="py-spy the workers (collapsed stacks in results/)")
    args = parser.parse_args()
    profile = PROFILES["quick" if args.quick else "full"]
    overrides = {
        "runs": args.runs,
        "duration_s": args.duration,
        "workers": args.workers,
        "profile": args.profile or None,
        "ceiling": False if args.no_ceiling else None,
        "connections": tuple(int(n) for n in args.connections.split(",")) if args.connections else None,
    }
    profile = dataclasses.replace(profile, **{k: v for k, v in overrides.items() if v is not None})
    results = run(profile, args.scenarios)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + ("-quick" if profile.quick else "")
    path = write_json(results, ROOT / "bench" / "results", stamp)
    print()
    print(markdown_table(results))
    print(f"results: {path.relative_to(ROOT)} ({results['meta']['elapsed_s']:.0f} s)")
    print(json.dumps({"elapsed_s": results["meta"]["elapsed_s"]}))


if __name__ == "__main__":
    main()
