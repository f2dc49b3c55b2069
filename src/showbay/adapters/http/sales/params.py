"""The customers list's keyset cursor: the shared codec with the value type of each customer sort field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from showbay.adapters.http.cursor import CursorCodec

CUSTOMER_CURSORS: CursorCodec[str, str] = CursorCodec(
    {"lifetime_value": Decimal, "orders": int, "last_order_date": date, "customer_id": str}, str
)
