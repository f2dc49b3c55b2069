"""Transaction validation, calendar buckets and sort specifications."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from showbay.domain.errors import ValidationFailed
from showbay.domain.sales import Granularity, TransactionStatus, parse_transaction

VALID: dict[str, Any] = {
    "occurred_at": datetime(2026, 2, 1, tzinfo=UTC),
    "customer_id": "C1",
    "customer_name": "  דוד כהן ",
    "product": "מחשב נייד",
    "quantity": 3,
    "unit_price": Decimal("189.90"),
    "currency": "ILS",
    "status": "completed",
    "deployment_currency": "ILS",
}


def test_a_valid_transaction_keeps_its_text_unchanged_and_computes_the_amount() -> None:
    draft = parse_transaction(**VALID)
    assert draft.customer_name == "  דוד כהן "
    assert draft.amount == Decimal("569.70")
    assert draft.status is TransactionStatus.COMPLETED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_at": datetime(2026, 2, 1)}, "occurred_at"),  # noqa: DTZ001 - naive on purpose
        ({"customer_id": " "}, "customer_id"),
        ({"customer_name": "a\x00b"}, "customer_name"),
        ({"product": "x" * 201}, "product"),
        ({"quantity": 0}, "quantity"),
        ({"unit_price": Decimal("-0.01")}, "unit_price"),
        ({"unit_price": Decimal("1.005")}, "unit_price"),
        ({"unit_price": Decimal("NaN")}, "unit_price"),
        ({"unit_price": Decimal("10000000000")}, "unit_price"),
        ({"amount": Decimal("569.71")}, "amount"),
        ({"currency": "USD"}, "currency"),
        ({"status": "refunded"}, "status"),
    ],
)
def test_each_broken_rule_names_its_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_transaction(**{**VALID, **change}, prefix="[4].")
    assert [p.field for p in caught.value.problems] == [f"[4].{field}"]


def test_a_matching_amount_is_accepted() -> None:
    assert parse_transaction(**VALID, amount=Decimal("569.7")).amount == Decimal("569.70")


@pytest.mark.parametrize(
    ("granularity", "day", "start", "end"),
    [
        (Granularity.DAY, date(2026, 2, 28), date(2026, 2, 28), date(2026, 2, 28)),
        (Granularity.WEEK, date(2026, 2, 1), date(2026, 1, 26), date(2026, 2, 1)),  # Sunday ends the ISO week
        (Granularity.WEEK, date(2026, 2, 2), date(2026, 2, 2), date(2026, 2, 8)),
        (Granularity.MONTH, date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29)),
        (Granularity.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_buckets(granularity: Granularity, day: date, start: date, end: date) -> None:
    assert granularity.bucket_start(day) == start
    assert granularity.bucket_end(day) == end


@pytest.mark.parametrize("granularity", list(Granularity))
def test_bucket_count_agrees_with_the_listed_starts(granularity: Granularity) -> None:
    first, last = date(2023, 11, 15), date(2026, 3, 3)
    assert granularity.bucket_count(first, last) == len(granularity.starts(first, last))
