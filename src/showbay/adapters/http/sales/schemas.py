"""Request and response bodies of /api/v1/transactions. Money is a decimal string with two decimals."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

import msgspec

from showbay.adapters.http.text import DECIMAL_2, NOT_BLANK
from showbay.application.sales.ingestion import MAX_BATCH, TransactionInput
from showbay.application.sales.read_models import (
    StoredTransaction,
    money,
)
from showbay.domain.sales import TransactionStatus
from showbay.domain.sales.transactions import CUSTOMER_ID_MAX, NAME_MAX, QUANTITY_MAX

Money = Annotated[Decimal, msgspec.Meta(description='Decimal string with two decimals, e.g. "1523.46"')]
Name = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=NAME_MAX, pattern=NOT_BLANK, description="Unicode, stored unchanged"),
]
UnitPrice = Annotated[
    str,
    msgspec.Meta(
        pattern=DECIMAL_2 % 10, description='≥ 0 and < 10000000000, at most two decimals, as a string: "19.99"'
    ),
]
Amount = Annotated[
    str,
    msgspec.Meta(
        pattern=DECIMAL_2 % 16, description="quantity * unit_price as a decimal string with at most two decimals"
    ),
]


class TransactionWrite(msgspec.Struct, forbid_unknown_fields=True):
    """One sales transaction. ``amount`` may be omitted; when present it must equal quantity * unit_price."""

    occurred_at: Annotated[datetime, msgspec.Meta(tz=True, description="RFC 3339 with a time zone")]
    customer_id: Annotated[str, msgspec.Meta(min_length=1, max_length=CUSTOMER_ID_MAX, pattern=NOT_BLANK)]
    customer_name: Name
    product: Name
    quantity: Annotated[int, msgspec.Meta(ge=1, le=QUANTITY_MAX)]
    unit_price: UnitPrice
    status: TransactionStatus
    amount: Amount | None = None
    currency: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$", description="ISO 4217")] | None = None

    def to_input(self) -> TransactionInput:
        return TransactionInput(
            occurred_at=self.occurred_at,
            customer_id=self.customer_id,
            customer_name=self.customer_name,
            product=self.product,
            quantity=self.quantity,
            unit_price=Decimal(self.unit_price),
            amount=None if self.amount is None else Decimal(self.amount),
            currency=self.currency,
            status=self.status.value,
        )


TransactionBatch = Annotated[list[TransactionWrite], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]


class TransactionRead(msgspec.Struct):
    id: int
    occurred_at: datetime
    customer_id: str
    customer_name: str
    product: str
    quantity: int
    unit_price: Money
    amount: Money
    currency: str
    status: TransactionStatus
    created_at: datetime

    @classmethod
    def of(cls, stored: StoredTransaction) -> TransactionRead:
        d = stored.draft
        return cls(
            id=stored.id,
            occurred_at=d.occurred_at.astimezone(UTC),
            customer_id=d.customer_id,
            customer_name=d.customer_name,
            product=d.product,
            quantity=d.quantity,
            unit_price=money(d.unit_price),
            amount=money(d.amount),
            currency=d.currency,
            status=d.status,
            created_at=stored.created_at.astimezone(UTC),
        )


class BatchCreated(msgspec.Struct):
    """Every row of the batch was stored; ``ids`` are in the order of the request."""

    inserted: int
    ids: list[int]


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)
