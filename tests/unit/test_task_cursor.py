"""Task keyset cursors (the shared codec with the task sort fields' types) round-trip and refuse the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showbay.adapters.http.tasks.params import CURSORS
from showbay.application.errors import InvalidCursor
from showbay.application.tasks.queries import TaskPosition, parse_task_sort

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spec", "values"),
    [
        ("-created_at", (NOW,)),
        ("due_date", (None,)),
        ("-priority,due_date,title", (3, NOW, "Buy milk")),
        ("updated_at,title", (NOW, 'ünïcødé, "quoted"')),
    ],
)
def test_cursor_round_trips(spec: str, values: tuple[object, ...]) -> None:
    sort = parse_task_sort(spec)
    position = TaskPosition(values, 42)  # type: ignore[arg-type]
    cursor = CURSORS.encode(sort, position)
    assert cursor.isascii()
    assert "=" not in cursor
    assert CURSORS.decode(cursor, sort) == position


@pytest.mark.parametrize("raw", ["", "%%%", "bm90IGpzb24", "W10", "WzEsIi10aXRsZSIsWyJ4Il0sMV0"])
def test_foreign_or_damaged_cursors_are_invalid(raw: str) -> None:
    with pytest.raises(InvalidCursor):
        CURSORS.decode(raw, parse_task_sort("title"))


def test_cursor_for_another_sort_is_invalid() -> None:
    cursor = CURSORS.encode(parse_task_sort("title"), TaskPosition(("x",), 1))
    with pytest.raises(InvalidCursor, match="another sort order"):
        CURSORS.decode(cursor, parse_task_sort("-title"))


@pytest.mark.parametrize(("spec", "value"), [("priority", 4), ("priority", "high"), ("title", 5), ("created_at", None)])
def test_values_of_the_wrong_type_are_invalid(spec: str, value: object) -> None:
    cursor = CURSORS.encode(parse_task_sort(spec), TaskPosition((value,), 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidCursor):
        CURSORS.decode(cursor, parse_task_sort(spec))
