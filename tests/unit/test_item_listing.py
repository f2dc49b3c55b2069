"""Item sort parsing and the item keyset cursor (the shared codec with the item sort fields' types)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showbay.adapters.http.items.params import CURSORS
from showbay.application.errors import InvalidCursor
from showbay.application.items.queries import ItemPosition, parse_item_sort
from showbay.application.listing import Position, SortKey
from showbay.domain.errors import ValidationFailed


def test_sort_defaults_to_newest_first() -> None:
    assert parse_item_sort(None) == (SortKey("created_at", True),)
    assert parse_item_sort("-id,title") == (SortKey("id", True), SortKey("title"))


@pytest.mark.parametrize("raw", ["owner_id", "", "title,"])
def test_unknown_or_empty_sort_fields_are_validation_errors(raw: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_item_sort(raw or ",")
    assert caught.value.problems[0].field == "sort"


def test_a_repeated_sort_field_is_redundant_the_first_one_decides() -> None:
    assert parse_item_sort("title,-title") == parse_item_sort("title")


def test_a_cursor_round_trips_its_typed_values() -> None:
    sort = parse_item_sort("-updated_at,title,id")
    position: ItemPosition = Position((datetime(2026, 11, 24, 12, 0, 0, 123456, tzinfo=UTC), "Ä title", 42), 42)
    assert CURSORS.decode(CURSORS.encode(sort, position), sort) == position


@pytest.mark.parametrize(
    "cursor",
    # empty, not base64, not JSON, the old {"s", "v"} shape, right sort but an int for the title
    ["", "!!!", "bm90IGpzb24", "eyJzIjoidGl0bGUsaWQiLCJ2IjpbMSwyXX0", "WzEsInRpdGxlIixbMSwyXV0"],
)
def test_broken_or_forged_cursors_are_invalid(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        CURSORS.decode(cursor, parse_item_sort("title"))


def test_a_cursor_for_another_sort_is_refused() -> None:
    cursor = CURSORS.encode(parse_item_sort("title"), Position(("a",), 1))
    with pytest.raises(InvalidCursor, match="another sort"):
        CURSORS.decode(cursor, parse_item_sort("-title"))


def test_a_naive_timestamp_in_a_cursor_is_refused() -> None:
    sort = parse_item_sort("created_at")
    forged = CURSORS.encode(sort, Position(("2026-11-24T12:00:00",), 1))
    with pytest.raises(InvalidCursor):
        CURSORS.decode(forged, sort)
