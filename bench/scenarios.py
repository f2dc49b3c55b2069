"""The scenario registry: which endpoint each load scenario drives and which data set it needs.

A scenario is data: the harness checks that its endpoint exists in the app being measured and that its data
set is seeded, and skips it with a note otherwise, so the registry can name endpoints before they land.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TASKS, ITEMS, REPOS, TRANSACTIONS = "tasks", "items", "tracked_repos", "transactions"
API = "/api/v1"


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    method: str
    route: str  # the route as the app declares it, parameters as {name}: checked against the app's routes
    dataset: str | None  # the data set it reads (None: no data needed)
    paths: str  # how the request paths are made: see bench.targets
    body: str | None = None  # a JSON body (POST); sent with Content-Type: application/json
    expect: tuple[int, ...] = (200,)
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    floor: bool = False  # bench/floor.py serves the same request: measured beside showbay, round by round

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.route}"


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "task_get",
        "GET",
        f"{API}/tasks/{{task_id}}",
        TASKS,
        "task_ids",
        note="one task by id (the hot path)",
        floor=True,
    ),
    Scenario(
        "task_list_filtered",
        "GET",
        f"{API}/tasks",
        TASKS,
        "task_list_filtered",
        note="status + priority filter, sorted by -due_date, first (offset) page of 20 with its total",
        floor=True,
    ),
    Scenario(
        "task_list_filtered_next",
        "GET",
        f"{API}/tasks",
        TASKS,
        "task_list_filtered_next",
        note="the same lists, second page by cursor (no total)",
    ),
    Scenario("task_keyset_deep", "GET", f"{API}/tasks", TASKS, "task_keyset_deep", note="keyset page 10,000 rows deep"),
    Scenario(
        "task_create",
        "POST",
        f"{API}/tasks",
        TASKS,
        "task_create",
        body='{"title": "bench task", "priority": "high", "description": "written by make bench"}',
        expect=(201,),
        note="insert + commit (rows are removed after the run)",
    ),
    Scenario("item_get", "GET", f"{API}/items/{{item_id}}", ITEMS, "item_ids", note="one item by id", floor=True),
    Scenario("repos_list", "GET", f"{API}/repos", REPOS, "plain", note="first page of tracked repos"),
    *(
        Scenario(f"analytics_{name}", "GET", f"{API}/analytics/{name}", TRANSACTIONS, "plain", note=f"/{name}")
        for name in ("dashboard", "revenue", "customers", "products")
    ),
)

_PARAM = re.compile(r"\{[^}]*\}")


def normalize_route(route: str) -> str:
    """``/tasks/{task_id:int}`` and ``/tasks/{id}`` are the same route; a trailing slash does not matter."""
    return _PARAM.sub("{}", route).rstrip("/") or "/"


def select(names: str | None) -> tuple[Scenario, ...]:
    """The scenarios named in a comma-separated list (all when ``names`` is empty), the writes after the reads:
    the rows a write adds are deleted only at the end of the run."""
    if not names:
        return SCENARIOS
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    known = {scenario.name: scenario for scenario in SCENARIOS}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ValueError(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return tuple(sorted((known[name] for name in wanted), key=lambda scenario: scenario.method != "GET"))


def missing_reason(scenario: Scenario, routes: set[tuple[str, str]], seeded: set[str]) -> str | None:
    """Why ``scenario`` cannot run against an app with ``routes`` and data sets ``seeded``; None when it can."""
    if (scenario.method, normalize_route(scenario.route)) not in routes:
        return f"endpoint {scenario.endpoint} does not exist in this checkout yet"
    if scenario.dataset is not None and scenario.dataset not in seeded:
        return f"data set '{scenario.dataset}' is not seeded (no seeder in this checkout yet)"
    return None
