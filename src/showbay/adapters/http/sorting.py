"""The ``sort`` query parameter every list shares: its schema pattern, built from the fields a list can sort by.

``sort=-due_date,title``: comma-separated fields, each with an optional ``-`` (descending), no spaces, not empty.
The pattern is both the schema and the server's first check (Litestar validates query parameters against it);
each list's parser then reads the keys (a repeated field is redundant: the first occurrence decides).
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.params import QueryParameter


def sort_pattern(fields: Iterable[str]) -> str:
    field = "|".join(sorted(fields))
    return rf"^-?({field})(,-?({field}))*$"


def sort_parameter(fields: Iterable[str], description: str) -> QueryParameter:
    """The ``sort`` parameter of a list sortable by ``fields``."""
    names = list(fields)
    return QueryParameter(name="sort", max_length=200, pattern=sort_pattern(names), description=description)
