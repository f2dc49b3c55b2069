"""The shared keyset cursor codec: typed round trips, and one error for anything it did not make."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from showbay.adapters.http.cursor import AwareDatetime, Int32, decode_cursor, encode_cursor, sort_spec
from showbay.application.errors import InvalidCursor, InvalidQuery
from showbay.application.listing import SortKey

NOW = datetime(2026, 11, 24, 12, 0, 0, 123456, tzinfo=UTC)
REPO = UUID("0b4f2c4e-8a1e-4c39-9d5a-6f1f0e1d2c3b")


def _raw(document: bytes) -> str:
    return base64.urlsafe_b64encode(document).decode().rstrip("=")


def test_values_of_every_list_round_trip() -> None:
    values = (NOW, 7, "ünï", Decimal("1523.46"), date(2026, 11, 24), REPO, None)
    types = (AwareDatetime, int, str, Decimal, date, UUID, AwareDatetime | None)
    cursor = encode_cursor("-a,b", values)
    assert cursor.isascii()
    assert "=" not in cursor
    assert decode_cursor(cursor, "-a,b", types) == values


def test_sort_spec_joins_the_keys_as_written() -> None:
    assert sort_spec([SortKey("created_at", descending=True), SortKey("id")]) == "-created_at,id"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "%%%",
        _raw(b"not json"),
        _raw(b"{}"),
        _raw(b'[2,"a",[1]]'),  # unknown version
        _raw(b'[1,"a",[1,2]]'),  # too many values
        _raw(b'[1,"a",["x"]]'),  # wrong type
        _raw(b'[1,"a",[true]]'),  # a boolean is no integer
    ],
)
def test_anything_else_is_an_invalid_cursor(raw: str) -> None:
    with pytest.raises(InvalidCursor) as caught:
        decode_cursor(raw, "a", (int,))
    assert caught.value.code == "invalid_cursor"


def test_a_cursor_for_another_sort_is_refused() -> None:
    with pytest.raises(InvalidCursor, match="another sort order"):
        decode_cursor(encode_cursor("a", [1]), "-a", (int,))


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor("a", ["2026-11-24T12:00:00"]), "a", (AwareDatetime,))


def test_an_invalid_cursor_is_a_kind_of_invalid_query() -> None:
    assert issubclass(InvalidCursor, InvalidQuery)
    assert (InvalidCursor.code, InvalidQuery.code) == ("invalid_cursor", "bad_query")


@pytest.mark.parametrize(
    ("values", "types"),
    [
        (["nul\u0000"], (str,)),
        ([2**63], (int,)),
        ([-(2**63) - 1], (int,)),
        (["1e1000001"], (Decimal,)),
        (["NaN"], (Decimal,)),
        (["Infinity"], (Decimal,)),
    ],
    ids=["nul", "above-bigint", "below-bigint", "huge-decimal", "nan", "infinity"],
)
def test_a_value_postgresql_would_refuse_is_an_invalid_cursor(values: list[object], types: tuple[object, ...]) -> None:
    with pytest.raises(InvalidCursor, match="damaged"):
        decode_cursor(encode_cursor("a", values), "a", types)


def test_the_extremes_postgresql_accepts_still_decode() -> None:
    values = (2**63 - 1, -(2**63), Decimal("-99999999999999999999.99"), "")
    assert decode_cursor(encode_cursor("a", values), "a", (int, int, Decimal, str)) == values


def test_an_int4_value_is_bounded_to_32_bits() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(encode_cursor("a", [2**31]), "a", (Int32,))
    assert decode_cursor(encode_cursor("a", [2**31 - 1]), "a", (Int32,)) == (2**31 - 1,)
