"""The pure parts of the benchmark harness (bench/): parsing, statistics, the scenario registry, the report."""

from __future__ import annotations

import json

import pytest

from bench.ceiling import parse_pgbench
from bench.database import libpq_params, plain_url
from bench.folded import top
from bench.report import markdown_table, per_service_core
from bench.scenarios import SCENARIOS, Scenario, missing_reason, normalize_route, select
from bench.stats import percentile, ratio, summarize
from bench.wrk import MARKER, WrkResult, lua_script, parse_output, parse_requests_per_second

WRK_STDOUT = """Running 10s test @ http://127.0.0.1:8000
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.02ms    1.10ms  40.00ms   90.00%
  20000 requests in 10.00s, 9.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2000.00
Transfer/sec:      0.90MB
BENCH_JSON {"requests": 20000, "duration_us": 10000000, "bytes": 9437184, "connect": 0, "read": 1, "write": 0, \
"status": 3, "timeout": 2, "p50_us": 4500, "p90_us": 6500, "p99_us": 12000, "max_us": 40000, "mean_us": 5020.5}
"""


def result(rps: float, p99_ms: float = 10.0, errors: int = 0) -> WrkResult:
    return WrkResult(int(rps * 10), 10.0, errors, errors, 1.0, 2.0, p99_ms, 50.0, 1.5)


def test_wrk_output_is_read_from_the_json_line() -> None:
    parsed = parse_output(WRK_STDOUT)

    assert parsed.requests == 20000
    assert parsed.rps == pytest.approx(2000.0)
    assert (parsed.p50_ms, parsed.p90_ms, parsed.p99_ms, parsed.max_ms) == (4.5, 6.5, 12.0, 40.0)
    assert parsed.non_2xx == 3
    assert parsed.errors == 3 + 1 + 2  # non-2xx answers, read errors and timeouts all count
    assert parse_requests_per_second(WRK_STDOUT) == pytest.approx(parsed.rps)


def test_wrk_output_without_the_json_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="BENCH_JSON"):
        parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_requests_per_second("")


def test_lua_script_carries_paths_headers_body_and_the_report_hook() -> None:
    script = lua_script("POST", ["/api/v1/tasks"], {"Authorization": "Bearer a.b.c"}, '{"title": "x"}')

    assert 'local paths = {"/api/v1/tasks"}' in script
    assert 'local method = "POST"' in script
    assert '["Authorization"] = "Bearer a.b.c"' in script
    assert 'local body = "{\\"title\\": \\"x\\"}"' in script
    assert MARKER.strip() in script
    assert "latency:percentile(99)" in script
    assert "local body = nil" in lua_script("GET", ["/a", "/b"], {})
    with pytest.raises(ValueError, match="at least one"):
        lua_script("GET", [], {})


def test_the_report_hook_prints_what_the_parser_reads() -> None:
    script = lua_script("GET", ["/a"], {})
    template = script.split("string.format(")[1].split("summary.requests")[0]
    keys = [part.split('\\"')[0] for part in template.split('"')[1::2] if part and part[0].isalpha()]

    line = MARKER + json.dumps(dict.fromkeys(keys, 1))
    assert parse_output(line).requests == 1


def test_percentile_interpolates_between_ranks() -> None:
    values = [10.0, 20.0, 30.0, 40.0]

    assert percentile(values, 0) == 10.0
    assert percentile(values, 50) == 25.0
    assert percentile(values, 100) == 40.0
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match=r"0\.\.100"):
        percentile(values, 101)


def test_ratio_to_the_ceiling() -> None:
    assert ratio(1_900, 19_000) == pytest.approx(0.1)
    assert ratio(1_900, None) is None
    assert ratio(1_900, 0) is None


def test_summary_takes_medians_and_sums_errors() -> None:
    summary = summarize([result(1000, 9.0), result(3000, 30.0, errors=2), result(2000, 12.0, errors=1)])

    assert summary.runs == 3
    assert summary.rps == pytest.approx(2000)
    assert summary.p99_ms == 12.0
    assert summary.errors == 3
    assert summary.rps_runs == (1000.0, 3000.0, 2000.0)
    with pytest.raises(ValueError, match="no runs"):
        summarize([])


def test_pgbench_report_is_parsed() -> None:
    stdout = "number of transactions actually processed: 190000\nlatency average = 0.526 ms\n"
    stdout += "initial connection time = 12.3 ms\ntps = 19012.345678 (without initial connection time)\n"

    tps, latency_ms = parse_pgbench(stdout)
    assert tps == pytest.approx(19012.345678)
    assert latency_ms == pytest.approx(0.526)
    with pytest.raises(ValueError, match="tps"):
        parse_pgbench("pgbench: error: connection to server failed")


def test_routes_are_compared_without_parameter_names_or_trailing_slash() -> None:
    assert normalize_route("/api/v1/tasks/{task_id:int}") == normalize_route("/api/v1/tasks/{id}")
    assert normalize_route("/api/v1/tasks/") == "/api/v1/tasks"
    assert normalize_route("/") == "/"


def test_registry_covers_the_issue_and_names_are_unique() -> None:
    names = [scenario.name for scenario in SCENARIOS]

    assert len(names) == len(set(names))
    endpoints = {scenario.endpoint for scenario in SCENARIOS}
    assert "GET /api/v1/tasks/{task_id}" in endpoints
    assert "POST /api/v1/tasks" in endpoints
    assert {"GET /api/v1/items/{item_id}", "GET /api/v1/repos"} <= endpoints
    for name in ("dashboard", "revenue", "customers", "products"):
        assert f"GET /api/v1/analytics/{name}" in endpoints
    assert all(scenario.body is None for scenario in SCENARIOS if scenario.method == "GET")


def test_select_by_name() -> None:
    assert select(None) == SCENARIOS
    assert [s.name for s in select("task_get, item_get")] == ["task_get", "item_get"]
    assert [s.name for s in select("task_create,task_get")] == ["task_get", "task_create"]  # writes last
    with pytest.raises(ValueError, match="unknown scenario"):
        select("task_get,nope")


def test_a_scenario_is_skipped_with_the_reason() -> None:
    scenario = Scenario("x", "GET", "/api/v1/things/{thing_id}", "things", "plain")
    routes = {("GET", "/api/v1/things/{}")}

    assert missing_reason(scenario, routes, {"things"}) is None
    assert "does not exist" in str(missing_reason(scenario, set(), {"things"}))
    assert "not seeded" in str(missing_reason(scenario, routes, set()))


def test_database_urls_become_libpq_flags() -> None:
    assert plain_url("postgresql+psycopg://u:p@h:5433/db") == "postgresql://u:p@h:5433/db"
    assert libpq_params("postgresql+psycopg://u:p%40ss@h:5433/db") == {
        "host": "h",
        "port": "5433",
        "user": "u",
        "password": "p@ss",
        "dbname": "db",
    }
    assert libpq_params("postgresql+psycopg://postgres:@/bench?host=/tmp/sock") == {
        "host": "/tmp/sock",
        "user": "postgres",
        "dbname": "bench",
    }


def test_folded_stacks_summary() -> None:
    total, own, inclusive = top([(["main", "handle", "query"], 3), (["main", "handle"], 1)])

    assert total == 4
    assert own[0] == ("query", 3)
    assert ("main", 4) in inclusive


def test_markdown_table_has_ceiling_scenarios_and_skips() -> None:
    results = {
        "connections": [10, 64],
        "ceiling": [{"connections": 10, "tps": 19000.0, "cpu": {"database": 90.0, "loadgen": 40.0}}],
        "scenarios": [
            {
                "name": "task_get",
                "connections": 10,
                "rps": 1900.0,
                "p50_ms": 4.0,
                "p90_ms": 6.0,
                "p99_ms": 12.0,
                "errors": 0,
                "ratio": 0.1,
                "cpu": {"service": 150.0, "database": 20.0, "loadgen": 10.0, "other": 5.0},
            },
            {"name": "repos_list", "skipped": "endpoint GET /api/v1/repos does not exist in this checkout yet"},
        ],
        "meta": {
            "command": "make bench",
            "started_at": "2026-11-24T05:00:00Z",
            "commit": "abc1234",
            "cpus": 2,
            "workers": 2,
            "runs": 3,
            "duration_s": 10,
            "warmup_s": 5,
            "startup_s": 1.5,
            "idle_rss_mb": [90.0, 91.0],
        },
    }

    table = markdown_table(results)

    assert "| **db ceiling** (pgbench PK lookup) | 10 | 19,000 |" in table
    assert "| task_get | 10 | 1,900 | 4.00 | 6.00 | 12.00 | 0 | 0.100 | \u2013 | 1,267 | 150 / 20 / 10 / 5 |" in table
    assert "- repos_list: skipped: endpoint GET /api/v1/repos does not exist" in table
    assert per_service_core(1900.0, {"service": 0.0}) is None


def test_a_scenario_measured_beside_the_floor_shows_both_rows_and_the_ratios() -> None:
    showbay = {
        "name": "item_get",
        "connections": 64,
        "rps": 1400.0,
        "p50_ms": 30.0,
        "p90_ms": 40.0,
        "p99_ms": 90.0,
        "errors": 0,
        "ratio": 0.05,
        "cpu": {"service": 140.0},
        "floor": {
            "rps": 2000.0,
            "p50_ms": 20.0,
            "p90_ms": 30.0,
            "p99_ms": 60.0,
            "errors": 0,
            "ratio": 0.07,
            "cpu": {"service": 100.0},
        },
        "floor_ratio": 0.7,
        "floor_p99_ratio": 1.5,
    }
    meta = {"command": "make bench", "started_at": "t", "commit": "c", "cpus": 2, "workers": 2, "runs": 3}
    meta |= {"duration_s": 5, "warmup_s": 1, "startup_s": 1.0, "startup_all_workers_s": 1.8, "idle_rss_mb": [90.0]}
    table = markdown_table({"connections": [64], "ceiling": [], "scenarios": [showbay], "meta": meta})

    assert "| *floor* item_get | 64 | 2,000 | 20.00 | 30.00 | 60.00 | 0 | 0.070 | 1.00 | 2,000 |" in table
    assert "| item_get | 64 | 1,400 | 30.00 | 40.00 | 90.00 | 0 | 0.050 | **0.70** (1.50) | 1,000 |" in table
    assert "every worker idle after 1.80 s" in table
