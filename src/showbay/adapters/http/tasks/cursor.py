"""Opaque keyset cursors: base64url JSON of the sort order, the last task's sort values and its id."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime

import msgspec

from showbay.application.pagination import InvalidCursor
from showbay.application.tasks.queries import SortField, SortKey, SortValue, TaskPosition

_VERSION = 1


class _Cursor(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    version: int
    sort: str
    values: list[str | int | None]
    id: int


def _sort_spec(sort: Sequence[SortKey]) -> str:
    return ",".join(str(key) for key in sort)


def encode_cursor(sort: Sequence[SortKey], position: TaskPosition) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else v for v in position.values]
    raw = msgspec.json.encode(_Cursor(_VERSION, _sort_spec(sort), values, position.id))
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _value(field: SortField, raw: str | int | None) -> SortValue:
    if field in (SortField.CREATED_AT, SortField.UPDATED_AT, SortField.DUE_DATE):
        if raw is None and field is SortField.DUE_DATE:
            return None
        if not isinstance(raw, str):
            raise InvalidCursor("the cursor is damaged")
        moment = datetime.fromisoformat(raw)
        if moment.tzinfo is None:
            raise InvalidCursor("the cursor is damaged")
        return moment
    if field is SortField.PRIORITY and isinstance(raw, int) and 1 <= raw <= 3:
        return raw
    if field is SortField.TITLE and isinstance(raw, str):
        return raw
    raise InvalidCursor("the cursor is damaged")


def decode_cursor(raw: str, sort: Sequence[SortKey]) -> TaskPosition:
    """The position a cursor names; ``InvalidCursor`` when it is not ours or was made for another sort order."""
    try:
        cursor = msgspec.json.decode(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)), type=_Cursor)
        if cursor.version != _VERSION or len(cursor.values) != len(sort):
            raise InvalidCursor("the cursor is not valid")
        if cursor.sort != _sort_spec(sort):
            raise InvalidCursor("the cursor was made for another sort order; send the same sort")
        if not 0 < cursor.id < 2**63:
            raise InvalidCursor("the cursor is damaged")
        values = tuple(_value(key.field, value) for key, value in zip(sort, cursor.values, strict=True))
    except (binascii.Error, ValueError, msgspec.DecodeError) as error:
        raise InvalidCursor("the cursor is not valid") from error
    return TaskPosition(values, cursor.id)
