"""The one list envelope, ``{"data": [...], "pagination": {...}}``, of the lists with offset and keyset pages.

``ListPage`` is a generic msgspec Struct. Each list names its own parametrisation with ``envelope``, so the
OpenAPI components keep readable names (``TaskList`` rather than ``ListPage_showbay_..._TaskRead_``)::

    TaskList = Annotated[ListPage[TaskRead], envelope("TaskList", "A page of tasks")]
"""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec
from litestar.params import KwargDefinition

T = TypeVar("T")


class Pagination(msgspec.Struct):
    """``offset`` and ``total`` for offset pages (``null`` on keyset pages, which skip the count);
    ``next_cursor`` whenever more rows follow (pass it as ``cursor``), ``null`` on the last page."""

    limit: int
    offset: int | None
    total: int | None
    next_cursor: str | None


class ListPage(msgspec.Struct, Generic[T]):
    data: list[T]
    pagination: Pagination


def envelope(name: str, description: str) -> KwargDefinition:
    """The OpenAPI component name (and title) of one list's ``ListPage[...]``."""
    return KwargDefinition(schema_component_key=name, description=description, schema_extra={"title": name})


CURSOR_RULES = (
    "Rules the schema cannot carry: `cursor` is opaque, only a `next_cursor` of a previous page with the same `sort` "
    "is valid (400 `invalid_cursor` otherwise), and `offset` together with `cursor` is refused."
)
"""The description of every list with keyset pages (docs/api.md, "Rules the schema cannot carry")."""
