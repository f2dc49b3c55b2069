"""The customers list's keyset cursor: the shared codec with the value type of each customer sort field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from showbay.adapters.http.cursor import decode_cursor, encode_cursor
from showbay.application.errors import InvalidCursor
from showbay.application.sales.queries import Seek

CUSTOMER_VALUES: dict[str, Any] = {
    "lifetime_value": Decimal,
    "orders": int,
    "last_order_date": date,
    "customer_id": str,
}


def encode_seek(sort: str, seek: Seek) -> str:
    return encode_cursor(sort, [seek.value, seek.tie])


def decode_seek(cursor: str, sort: str, types: dict[str, Any]) -> Seek:
    """The position a cursor names; ``InvalidCursor`` when it is malformed or was made for another sort."""
    kind = types.get(sort.removeprefix("-"))
    if kind is None:  # several or unknown sort fields: no cursor was ever made for them
        raise InvalidCursor("the cursor was made for another sort; start again without a cursor")
    value, tie = decode_cursor(cursor, sort, [kind, str])
    return Seek(value, tie)
