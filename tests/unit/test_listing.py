"""The listing toolkit: sort parsing, positions and pages, the page rules, and positions through the one cursor
codec for every field type the lists sort by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

import pytest

from showbay.adapters.http.cursor import AwareDatetime, CursorCodec, Int32
from showbay.application.errors import InvalidCursor
from showbay.application.listing import OFFSET_MAX, Page, Position, SortKey, SortValue, check_page, parse_sort
from showbay.domain.errors import ValidationFailed


class Field(StrEnum):
    SIZE = "size"
    NAME = "name"


def test_parse_sort_reads_directions_and_keeps_the_order() -> None:
    assert parse_sort("-size, name", Field, "name") == (SortKey(Field.SIZE, True), SortKey(Field.NAME))
    assert parse_sort(None, Field, "-size") == (SortKey(Field.SIZE, True),)
    assert parse_sort("size", ("size", "name"), "name") == (SortKey("size"),)


@pytest.mark.parametrize(
    ("raw", "message"),
    [("colour", "unknown sort field 'colour'; use size, name"), ("", "''")],
)
def test_parse_sort_refuses_unknown_and_empty_fields(raw: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_sort(raw, Field, "name")
    assert [p.field for p in caught.value.problems] == ["sort"]
    assert message in caught.value.problems[0].message


@dataclass
class Row:
    id: int
    size: int


def test_a_page_of_limit_plus_one_rows_points_after_its_last_row() -> None:
    sort = (SortKey(Field.SIZE),)
    rows = [Row(1, 10), Row(2, 20), Row(3, 30)]

    def position(row: Row) -> Position[int]:
        return Position.of(row, sort, getattr, row.id)

    assert Page.of(rows, 2, 3, position) == Page(rows[:2], 3, Position((20,), 2))
    assert Page.of(rows, 3, None, position) == Page(rows, None, None)
    assert Page.of([], 3, 0, position) == Page([], 0, None)


@pytest.mark.parametrize(
    ("limit", "offset", "after", "fields"),
    [
        (0, 0, None, ["limit"]),
        (101, 0, None, ["limit"]),
        (20, -1, None, ["offset"]),
        (20, OFFSET_MAX + 1, None, ["offset"]),
        (20, 3, Position((1,), 1), ["offset"]),
        (20, 0, Position((1, 2), 1), ["cursor"]),
        (0, 3, Position((1,), 1), ["limit", "offset"]),
    ],
)
def test_the_page_rules(limit: int, offset: int, after: Position[int] | None, fields: list[str]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_page((SortKey("size"),), limit, offset, after)
    assert [p.field for p in caught.value.problems] == fields


def test_a_valid_page_request_passes() -> None:
    check_page((SortKey("size"),), 100, OFFSET_MAX, None)
    check_page((SortKey("size"),), 1, 0, Position((1,), 1))


MOMENT = datetime(2026, 11, 24, 12, 0, 0, 123456, tzinfo=UTC)
ROUND_TRIPS: list[tuple[Any, SortValue, Any, object]] = [
    (AwareDatetime, MOMENT, int, 7),
    (AwareDatetime | None, None, int, 7),
    (Int32, 2**31 - 1, UUID, UUID("6f1c0b8e-2d0c-4f38-9e0c-5b1f3b8e2a11")),
    (int, 2**63 - 1, str, "C-0001"),
    (str, 'ünïcødé, "quoted"', int, 1),
    (Decimal, Decimal("12345.67"), str, "C-0002"),
    (date, date(2026, 2, 28), str, "C-0003"),
]


@pytest.mark.parametrize(("kind", "value", "id_type", "row_id"), ROUND_TRIPS)
def test_a_position_round_trips_through_its_cursor(kind: Any, value: SortValue, id_type: Any, row_id: object) -> None:
    codec: CursorCodec[str, object] = CursorCodec({"field": kind}, id_type)
    sort = (SortKey("field", descending=True),)
    cursor = codec.encode(sort, Position((value,), row_id))
    assert cursor.isascii()
    assert "=" not in cursor
    decoded = codec.decode(cursor, sort)
    assert decoded == Position((value,), row_id)
    assert [type(v) for v in decoded.values] == [type(value)]


def test_a_cursor_is_tied_to_its_sort_and_its_types() -> None:
    codec: CursorCodec[str, int] = CursorCodec({"size": Int32, "name": str}, int)
    cursor = codec.encode((SortKey("size"), SortKey("name")), Position((3, "x"), 9))
    with pytest.raises(InvalidCursor, match="another sort"):
        codec.decode(cursor, (SortKey("size"), SortKey("name", descending=True)))
    forged = codec.encode((SortKey("size"),), Position(("three",), 9))
    with pytest.raises(InvalidCursor):
        codec.decode(forged, (SortKey("size"),))


def test_a_repeated_sort_field_is_redundant_the_first_occurrence_decides() -> None:
    assert parse_sort("size,-size,name", ["size", "name"], "size") == (SortKey("size"), SortKey("name"))
