"""The one list envelope, ``{"data": [...], "pagination": {...}}``, of the lists with offset and keyset pages.

``ListPage`` is a generic msgspec Struct. Each list names its own parametrisation with ``envelope``, so the
OpenAPI components keep readable names (``TaskList`` rather than ``ListPage_showbay_..._TaskRead_``)::

    TaskList = Annotated[ListPage[TaskRead], envelope("TaskList", "A page of tasks")]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

import msgspec
from litestar.params import KwargDefinition

from showbay.adapters.http.cursor import CursorCodec
from showbay.application.listing import Page, Position, SortKey

T = TypeVar("T")
E = TypeVar("E")
F = TypeVar("F", bound=str)
Id = TypeVar("Id")


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


class PageQuery(Protocol[F, Id]):
    """What every list query holds about its page (``TaskQuery``, ``ItemQuery``, ``RepoListQuery``)."""

    @property
    def sort(self) -> Sequence[SortKey[F]]: ...
    @property
    def limit(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def after(self) -> Position[Id] | None: ...


def list_page(
    query: PageQuery[F, Id], page: Page[E, Id], read: Callable[[E], T], cursors: CursorCodec[F, Id]
) -> ListPage[T]:
    """The envelope of one page of ``query``: each row as ``read`` shows it, the offset (``null`` on a keyset
    page) and the cursor of the next page."""
    offset = None if query.after is not None else query.offset
    next_cursor = None if page.next is None else cursors.encode(query.sort, page.next)
    return ListPage([read(row) for row in page.items], Pagination(query.limit, offset, page.total, next_cursor))


def envelope(name: str, description: str) -> KwargDefinition:
    """The OpenAPI component name (and title) of one list's ``ListPage[...]``."""
    return KwargDefinition(schema_component_key=name, description=description, schema_extra={"title": name})


CURSOR_RULES = (
    "Rules the schema cannot carry: `cursor` is opaque, only a `next_cursor` of a previous page with the same `sort` "
    "is valid (400 `invalid_cursor` otherwise), and `offset` together with `cursor` is refused."
)
"""The description of every list with keyset pages (docs/api.md, "Rules the schema cannot carry")."""
