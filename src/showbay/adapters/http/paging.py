"""The page and id parameters of every list and resource (``limit``, ``offset``, ``cursor``, ``sort``, ids),
with the shared bounds of ``application.listing``.

The bounds are in the OpenAPI schema (``minimum``/``maximum``) and enforced by Litestar before a handler runs:
a value outside them is a 422 ``validation_failed`` naming the parameter, never a database error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from litestar.params import PathParameter, QueryParameter

from showbay.application.listing import ID_MAX, ID_MIN, LIMIT_DEFAULT, LIMIT_MAX, LIMIT_MIN, OFFSET_MAX


def _integers(minimum: int, maximum: int) -> dict[str, Any]:
    """Exact bounds for the schema: Litestar writes ``ge``/``le`` as floats, and 2^63-1 as a float is 2^63."""
    return {"minimum": minimum, "maximum": maximum}


Limit = Annotated[
    int,
    QueryParameter(name="limit", ge=LIMIT_MIN, le=LIMIT_MAX, description=f"Page size, {LIMIT_MIN}..{LIMIT_MAX}"),
]
Offset = Annotated[
    int,
    QueryParameter(
        name="offset",
        ge=0,
        le=OFFSET_MAX,
        description=f"Rows to skip (offset pages), at most {OFFSET_MAX:,}; read deeper with cursor",
        schema_extra=_integers(0, OFFSET_MAX),
    ),
]
OptionalOffset = Annotated[
    int | None,
    QueryParameter(
        name="offset",
        ge=0,
        le=OFFSET_MAX,
        description=f"Rows to skip (offset pages, with total), at most {OFFSET_MAX:,}; not with cursor",
        schema_extra=_integers(0, OFFSET_MAX),  # Litestar drops a falsy ge=0 from the schema
    ),
]
CURSOR_MAX_LENGTH = 2048


def cursor_parameter(description: str = "next_cursor of the previous page (keyset pages)") -> QueryParameter:
    """``cursor``: a ``next_cursor`` exactly as received (its length bounded before it is decoded)."""
    return QueryParameter(name="cursor", max_length=CURSOR_MAX_LENGTH, description=description)


def sort_pattern(fields: Iterable[str]) -> str:
    """``sort=-due_date,title``: comma-separated known fields, each with an optional ``-``, no spaces, not empty."""
    field = "|".join(sorted(fields))
    return rf"^-?({field})(,-?({field}))*$"


def sort_parameter(fields: Iterable[str], description: str) -> QueryParameter:
    """``sort`` of a list sortable by ``fields``: the pattern is the schema and the server's first check (Litestar
    validates the query against it); ``application.listing.parse_sort`` then reads the keys (a repeated field is
    redundant: the first occurrence decides)."""
    return QueryParameter(name="sort", max_length=200, pattern=sort_pattern(list(fields)), description=description)


Cursor = Annotated[str | None, cursor_parameter()]

ResourceId = Annotated[
    int,
    PathParameter(
        ge=ID_MIN,
        le=ID_MAX,
        description=f"The resource's id, {ID_MIN}..2^63-1 (bigint)",
        schema_extra=_integers(ID_MIN, ID_MAX),
    ),
]
"""An integer path id: one that PostgreSQL's ``bigint`` cannot hold is refused before it reaches SQL."""

__all__ = [
    "CURSOR_MAX_LENGTH",
    "LIMIT_DEFAULT",
    "Cursor",
    "Limit",
    "Offset",
    "OptionalOffset",
    "ResourceId",
    "cursor_parameter",
    "sort_parameter",
]
