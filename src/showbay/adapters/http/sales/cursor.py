"""Opaque keyset cursors: base64url of ``[sort, value, tie]``. A cursor only fits the sort that made it."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from litestar.exceptions import ClientException

from showbay.application.sales.listing import Seek

CUSTOMER_VALUES: dict[str, Callable[[str], object]] = {
    "lifetime_value": Decimal,
    "orders": int,
    "last_order_date": date.fromisoformat,
    "customer_id": str,
}


def encode_cursor(sort: str, seek: Seek) -> str:
    value = seek.value.isoformat() if isinstance(seek.value, date) else str(seek.value)
    raw = json.dumps([sort, value, seek.tie], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, parsers: dict[str, Callable[[str], object]]) -> Seek:
    """The position a cursor names; 400 when it is malformed or was made for another sort."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        made_for, value, tie = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if made_for != sort:
            raise ClientException("the cursor was made for another sort; start again without a cursor")
        parse = parsers[sort.removeprefix("-")]
        return Seek(parse(str(value)), str(tie))
    except ClientException:
        raise
    except (ValueError, TypeError, KeyError, InvalidOperation, binascii.Error, UnicodeDecodeError):
        raise ClientException("the cursor is malformed; use the next_cursor of a previous page") from None
