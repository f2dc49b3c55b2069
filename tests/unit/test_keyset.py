"""The one keyset builder: its ORDER BY and "after a position" SQL, rendered for PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, literal_column, select
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from showbay.adapters.persistence.keyset import Keyset
from showbay.application.listing import Position, SortKey

table = Table(
    "t", MetaData(), Column("id", Integer), Column("a", Integer), Column("b", Text), Column("due", DateTime(True))
)
INFINITY = literal_column("'infinity'::timestamp with time zone", DateTime(timezone=True))
KEYSET: Keyset[str] = Keyset(
    {"a": table.c.a, "b": table.c.b, "due": table.c.due, "id": table.c.id},
    table.c.id,
    tie_field="id",
    nulls={"due": INFINITY},
)


def sql(*sort: str, values: tuple[Any, ...] = (), row_id: object = 9) -> str:
    keys = tuple(SortKey(s.removeprefix("-"), s.startswith("-")) for s in sort)
    statement = select(table.c.id).where(KEYSET.after(keys, Position(values, row_id))).order_by(*KEYSET.order_by(keys))
    compiled = statement.compile(dialect=PGDialect_psycopg(), compile_kwargs={"literal_binds": True})  # type: ignore[no-untyped-call]
    return str(compiled).split("WHERE ", 1)[1].replace("\n", " ")


def test_one_direction_is_one_row_comparison_and_the_id_breaks_ties() -> None:
    assert sql("a", "b", values=(1, "x")) == "(t.a, t.b, t.id) > (1, 'x', 9) ORDER BY t.a ASC, t.b ASC, t.id ASC"
    assert sql("-a", values=(1,)) == "(t.a, t.id) < (1, 9) ORDER BY t.a DESC, t.id DESC"


def test_a_sort_that_holds_the_tie_gets_no_second_id() -> None:
    assert sql("-id", values=(5,), row_id=5) == "t.id < 5 ORDER BY t.id DESC"


def test_mixed_directions_are_the_expanded_form_bounded_by_the_leading_key() -> None:
    assert sql("-a", "b", values=(1, "x")) == (
        "t.a <= 1 AND (t.a < 1 OR t.a = 1 AND t.b > 'x' OR t.a = 1 AND t.b = 'x' AND t.id > 9) "
        "ORDER BY t.a DESC, t.b ASC, t.id ASC"
    )


def test_an_empty_value_is_bound_as_the_stand_in_its_sort_expression_uses() -> None:
    assert sql("due", values=(None,)) == (
        "(t.due, t.id) > ('infinity'::timestamp with time zone, 9) ORDER BY t.due ASC, t.id ASC"
    )


def test_an_empty_value_without_a_stand_in_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="no stand-in"):
        sql("a", values=(None,))
