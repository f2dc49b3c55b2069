"""A sales transaction as it is ingested: validated once, then stored unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.text import text_problem

CUSTOMER_ID_MAX = 64
NAME_MAX = 200
QUANTITY_MAX = 100_000
UNIT_PRICE_LIMIT = Decimal("10000000000")  # numeric(12, 2)
CENT = Decimal("0.01")


class TransactionStatus(StrEnum):
    COMPLETED = "completed"
    PENDING = "pending"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class TransactionDraft:
    """A valid transaction that has no id yet. Build it with ``parse_transaction``."""

    occurred_at: datetime
    customer_id: str
    customer_name: str
    product: str
    quantity: int
    unit_price: Decimal
    amount: Decimal
    currency: str
    status: TransactionStatus


def _money(field: str, value: Decimal, limit: Decimal) -> FieldProblem | None:
    if not value.is_finite():
        return FieldProblem(field, "must be a finite number")
    if value < 0:
        return FieldProblem(field, "must not be negative")
    if value >= limit:
        return FieldProblem(field, f"must be less than {limit}")
    if value != value.quantize(CENT):
        return FieldProblem(field, "must have at most two decimals")
    return None


def _problems(
    *,
    occurred_at: datetime,
    customer_id: str,
    customer_name: str,
    product: str,
    quantity: int,
    unit_price: Decimal,
    amount: Decimal | None,
    currency: str,
    status: str,
    deployment_currency: str,
) -> list[FieldProblem]:
    found: list[FieldProblem | None] = [
        None if occurred_at.utcoffset() is not None else FieldProblem("occurred_at", "must carry a time zone"),
        text_problem("customer_id", customer_id, min_length=1, max_length=CUSTOMER_ID_MAX, strip=True),
        text_problem("customer_name", customer_name, min_length=1, max_length=NAME_MAX, strip=True),
        text_problem("product", product, min_length=1, max_length=NAME_MAX, strip=True),
    ]
    if not 1 <= quantity <= QUANTITY_MAX:
        found.append(FieldProblem("quantity", f"must be between 1 and {QUANTITY_MAX}"))
    found.append(_money("unit_price", unit_price, UNIT_PRICE_LIMIT))
    if amount is not None and not found[-1] and 1 <= quantity <= QUANTITY_MAX:
        try:
            matches = amount == quantity * unit_price
        except InvalidOperation:
            matches = False
        if not matches:
            found.append(FieldProblem("amount", "must equal quantity * unit_price (or be omitted)"))
    if currency != deployment_currency:
        found.append(FieldProblem("currency", f"must be {deployment_currency} (one currency per deployment)"))
    if status not in TransactionStatus.__members__.values():
        found.append(FieldProblem("status", "must be one of completed, pending, cancelled"))
    return [p for p in found if p is not None]


def parse_transaction(
    *,
    occurred_at: datetime,
    customer_id: str,
    customer_name: str,
    product: str,
    quantity: int,
    unit_price: Decimal,
    amount: Decimal | None = None,
    currency: str,
    status: str,
    deployment_currency: str,
    prefix: str = "",
) -> TransactionDraft:
    """Validate every field and return the draft; raise ``ValidationFailed`` naming each bad field.

    Text is stored exactly as given (no trimming, no normalisation); blank text is rejected.

    ``prefix`` goes in front of every field name (``[3].quantity`` for row 3 of a batch).
    """
    problems = _problems(
        occurred_at=occurred_at,
        customer_id=customer_id,
        customer_name=customer_name,
        product=product,
        quantity=quantity,
        unit_price=unit_price,
        amount=amount,
        currency=currency,
        status=status,
        deployment_currency=deployment_currency,
    )
    if problems:
        raise ValidationFailed(*(FieldProblem(f"{prefix}{p.field}", p.message) for p in problems))
    return TransactionDraft(
        occurred_at=occurred_at,
        customer_id=customer_id,
        customer_name=customer_name,
        product=product,
        quantity=quantity,
        unit_price=unit_price,
        amount=quantity * unit_price,
        currency=currency,
        status=TransactionStatus(status),
    )
