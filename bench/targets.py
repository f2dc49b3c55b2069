"""The request paths of each scenario and the principal that sends them, read from the seeded data.

Tasks and items are scoped to their owner: the bench acts as the owner with the most rows (the hardest
lists), and reads a random sample of that owner's ids, so the load spreads over the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import psycopg

from bench.database import plain_url
from bench.scenarios import Scenario
from bench.service import get_json

SAMPLE = 5_000
DEFAULT_SUBJECT = "bench-user-00"


@dataclass(frozen=True, slots=True)
class Target:
    subject: str
    paths: list[str]


class TargetError(Exception):
    """The scenario's endpoint does not answer as the bench expects (reported, the scenario is skipped)."""


def _top_owner(url: str, table: str) -> str:
    with psycopg.connect(plain_url(url)) as conn:
        row = conn.execute(
            f"SELECT owner_id FROM {table} GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1"
        ).fetchone()
    if row is None:
        raise TargetError(f"{table} is empty")
    return str(row[0])


def _sample_ids(url: str, table: str, owner: str, limit: int = SAMPLE) -> list[int]:
    with psycopg.connect(plain_url(url)) as conn:
        rows = conn.execute(
            f"SELECT id FROM {table} WHERE owner_id = %s ORDER BY random() LIMIT %s",
            [owner, limit],
        ).fetchall()
    return [int(row[0]) for row in rows]


def _next_cursor(body: Any) -> str | None:
    """``next_cursor`` at the top level or inside ``pagination`` (the contract names the field, not its place)."""
    if not isinstance(body, dict):
        return None
    for holder in (body, body.get("pagination"), body.get("meta")):
        if isinstance(holder, dict) and isinstance(holder.get("next_cursor"), str):
            return str(holder["next_cursor"])
    return None


def _second_page(base: str, path: str, headers: dict[str, str]) -> str:
    """The path of the page after ``path``, by its ``next_cursor``."""
    status, body = get_json(base + path, headers)
    cursor = _next_cursor(body) if status == 200 else None
    if cursor is None:
        raise TargetError(f"GET {path} answered {status} without a next_cursor: {str(body)[:200]}")
    return f"{path}&{urlencode({'cursor': cursor})}"


def _keyset_paths(base: str, route: str, headers: dict[str, str], depth: int) -> list[str]:
    """Walk the keyset pages (100 rows each) down to ``depth`` rows; the paths of pages at that depth."""
    cursor: str | None = None
    walked = 0
    while walked < depth:
        query = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        status, body = get_json(f"{base}{route}?{urlencode(query)}", headers)
        if status != 200:
            raise TargetError(f"GET {route} answered {status} while walking keyset pages: {str(body)[:200]}")
        cursor = _next_cursor(body)
        if cursor is None:
            raise TargetError(f"no next_cursor after {walked + 100} rows: keyset pages are missing or too short")
        walked += 100
    return [f"{route}?{urlencode({'limit': 20, 'cursor': cursor})}"]


def target_for(
    scenario: Scenario, url: str, base: str, token_for: Any, deep_rows: int
) -> Target:  # token_for: Callable[[str], dict[str, str]]
    route = scenario.route
    kind = scenario.paths
    if kind in ("task_ids", "item_ids"):
        table = "tasks" if kind == "task_ids" else "items"
        owner = _top_owner(url, table)
        prefix = route.rsplit("/", 1)[0]
        return Target(owner, [f"{prefix}/{task_id}" for task_id in _sample_ids(url, table, owner)])
    if kind in ("task_list_filtered", "task_list_filtered_next"):
        owner = _top_owner(url, "tasks")
        paths = [
            f"{route}?{urlencode({'status': status, 'priority': priority, 'sort': '-due_date', 'limit': 20})}"
            for status in ("pending", "in_progress", "completed")
            for priority in ("low", "medium", "high")
        ]
        if kind == "task_list_filtered_next":
            paths = [_second_page(base, path, token_for(owner)) for path in paths]
        return Target(owner, paths)
    if kind == "task_keyset_deep":
        owner = _top_owner(url, "tasks")
        return Target(owner, _keyset_paths(base, route, token_for(owner), deep_rows))
    if kind in ("task_create", "plain"):
        owner = _top_owner(url, "tasks") if kind == "task_create" else DEFAULT_SUBJECT
        return Target(owner, [route])
    raise ValueError(f"unknown path kind {kind!r}")
