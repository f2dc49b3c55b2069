"""The items list's keyset cursor: the shared codec with the types of the item sort fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from showbay.adapters.http.cursor import AwareDatetime, decode_cursor, encode_cursor, sort_spec
from showbay.application.items.queries import SORTABLE, SortKey, SortValue

_CURSOR_TYPES: dict[type, Any] = {int: int, str: str, datetime: AwareDatetime}


def encode_after(sort: tuple[SortKey, ...], after: tuple[SortValue, ...]) -> str:
    return encode_cursor(sort_spec(sort), after)


def decode_after(cursor: str, sort: tuple[SortKey, ...]) -> tuple[SortValue, ...]:
    """The sort values a keyset page starts after; ``InvalidCursor`` when forged, damaged or for another sort."""
    return decode_cursor(cursor, sort_spec(sort), [_CURSOR_TYPES[SORTABLE[key.field]] for key in sort])
