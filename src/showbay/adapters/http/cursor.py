"""The one codec of opaque keyset cursors, shared by every list that offers ``cursor`` / ``next_cursor``.

A cursor is base64url (unpadded) of the JSON array ``[version, sort, values]``: the sort specification it was
made for and the position's values (the tie-breaking id last). Encoding is an HTTP-edge concern; the position
is application data (``application.listing.Position``), so each list builds one ``CursorCodec`` from the
``{sort field: value type}`` map and the id type, and gets typed positions back. Anything we did not
make, a damaged cursor, or one made for another sort is ``InvalidCursor`` (400 ``invalid_cursor``), and so is
a value that PostgreSQL would refuse (a NUL in a string, an integer beyond ``bigint``, a decimal beyond
``numeric``): a forged cursor never becomes a database error.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

import msgspec

from showbay.application.errors import InvalidCursor
from showbay.application.listing import Position, SortKey

F = TypeVar("F", bound=str)
Id = TypeVar("Id")

_VERSION = 1
_BIGINT = range(-(2**63), 2**63)
_DECIMAL_EXPONENT = 1000  # far beyond every numeric we store, far inside what PostgreSQL's numeric accepts

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
"""A cursor value that must be a timestamp with a time zone (the lists never sort by naive ones)."""

Int32 = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)]
"""A cursor value compared with an ``integer`` (int4) column."""


def _fits_sql(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return value in _BIGINT
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value.adjusted()) <= _DECIMAL_EXPONENT
    return True


def sort_spec(keys: Sequence[SortKey[Any]]) -> str:
    """``-created_at,id``: the sort keys as the cursor records them."""
    return ",".join(map(str, keys))


def encode_cursor(sort: str, values: Sequence[object]) -> str:
    """Timestamps, dates, decimals and UUIDs are written as msgspec encodes them (RFC 3339, strings)."""
    raw = msgspec.json.encode((_VERSION, sort, list(values)))
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(raw: str, sort: str, types: Sequence[Any]) -> tuple[Any, ...]:
    """The values a cursor carries, converted to ``types`` (one per value); ``InvalidCursor`` otherwise."""
    try:
        body = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        version, made_for, values = msgspec.json.decode(body, type=tuple[int, str, list[Any]])
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidCursor("the cursor is not valid; use a next_cursor exactly as received") from None
    if version != _VERSION or len(values) != len(types):
        raise InvalidCursor("the cursor is not valid; use a next_cursor exactly as received")
    if made_for != sort:
        raise InvalidCursor("the cursor was made for another sort order; send the same sort as the first page")
    try:
        decoded = tuple(msgspec.convert(value, kind) for value, kind in zip(values, types, strict=True))
    except msgspec.ValidationError:
        raise InvalidCursor("the cursor is damaged; use a next_cursor exactly as received") from None
    if not all(map(_fits_sql, decoded)):
        raise InvalidCursor("the cursor is damaged; use a next_cursor exactly as received")
    return decoded


class CursorCodec(Generic[F, Id]):
    """The cursors of one list: ``types`` names the value type of each sort field, ``id_type`` the tie's."""

    def __init__(self, types: Mapping[F, Any], id_type: Any) -> None:
        self._types, self._id_type = types, id_type

    def encode(self, sort: Sequence[SortKey[F]], position: Position[Id]) -> str:
        return encode_cursor(sort_spec(sort), [*position.values, position.id])

    def decode(self, raw: str, sort: Sequence[SortKey[F]]) -> Position[Id]:
        """The position a cursor names; ``InvalidCursor`` when forged, damaged or made for another sort."""
        *values, row_id = decode_cursor(raw, sort_spec(sort), [*(self._types[k.field] for k in sort), self._id_type])
        return Position(tuple(values), row_id)
