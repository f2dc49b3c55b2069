# ruff: noqa: RUF001 - the Hebrew geresh is part of product names
"""Deterministic, realistic sales data: skewed product and customer popularity, growth over several years.

The same ``seed``, ``count``, ``years`` and ``end`` always give the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate

from showbay.domain.sales import TransactionDraft, TransactionStatus

# (product, base price in shekels) — the catalogue of seed 004's Hebrew-speaking B2B shop.
PRODUCTS = [
    ("מחשב נייד", "4299.00"), ("טלפון סלולרי", "2899.00"), ("מסך 27 אינץ׳", "1299.00"), ("מקלדת אלחוטית", "249.00"),
    ("עכבר ארגונומי", "189.00"), ("אוזניות בלוטות׳", "399.00"), ("טאבלט", "1899.00"), ("מדפסת לייזר", "999.00"),
    ("כונן SSD חיצוני", "459.00"), ("מצלמת רשת", "329.00"), ("נתב אלחוטי", "549.00"), ("שעון חכם", "1199.00"),
    ("רמקול נייד", "299.00"), ("מטען מהיר", "129.00"), ("כבל USB-C", "49.90"), ("תחנת עגינה", "699.00"),
    ("כיסא משרדי", "1490.00"), ("שולחן מתכוונן", "2390.00"), ("מנורת שולחן", "159.00"), ("מקרן", "2690.00"),
    ("זיכרון נייד 128GB", "89.90"), ("סוללת גיבוי", "199.00"), ("מגן מסך", "39.90"), ("תיק למחשב", "229.00"),
    ("מעמד למחשב", "179.00"), ("מיקרופון", "449.00"), ("כרטיס מסך", "3490.00"), ("מעבד", "1890.00"),
    ("לוח אם", "990.00"), ("ספק כוח", "420.00"), ("מאוורר למחשב", "79.90"), ("משחק קונסולה", "249.00"),
    ("קונסולת משחקים", "2199.00"), ("טלוויזיה 55 אינץ׳", "3290.00"), ("מקרר משרדי", "1790.00"),
    ("מכונת קפה", "1290.00"), ("קומקום חשמלי", "199.00"), ("שואב אבק רובוטי", "1590.00"),
    ("מטהר אוויר", "890.00"), ("מזגן נייד", "2490.00"),
]  # fmt: skip
FIRST_NAMES = [
    "דוד", "משה", "יוסף", "אברהם", "יעקב", "שרה", "רחל", "לאה", "מרים", "נועה", "תמר", "איתי", "עומר", "יונתן",
    "מיכל", "רות", "אורי", "נועם", "דניאל", "שירה", "יעל", "אליהו", "חנה", "גיא", "טל", "עדי", "ליאור", "אביגיל",
]  # fmt: skip
LAST_NAMES = [
    "כהן", "לוי", "מזרחי", "פרץ", "ביטון", "דהן", "אברהם", "פרידמן", "אזולאי", "מלכה", "חדד", "גבאי", "שפירא",
    "קליין", "אשכנזי", "יוסף", "דוד", "עמר", "בן דוד", "רוזנברג", "גולדברג", "שטרן", "נחום", "סויסה",
]  # fmt: skip
QUANTITIES = [1, 2, 3, 4, 5, 10]
QUANTITY_WEIGHTS = list(accumulate([55, 20, 10, 6, 5, 4]))
STATUSES = [TransactionStatus.COMPLETED, TransactionStatus.PENDING, TransactionStatus.CANCELLED]
STATUS_WEIGHTS = list(accumulate([85, 10, 5]))


def _zipf_cumulative(n: int, exponent: float) -> list[float]:
    return list(accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


def customer_name(index: int) -> str:
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7 + index // 13) % len(LAST_NAMES)]}"


def generate_transactions(
    count: int, *, seed: int = 4, years: int = 4, end: date, currency: str = "ILS"
) -> Iterator[TransactionDraft]:
    """``count`` transactions between ``end - years`` and the end of ``end`` (UTC), growing over time."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    customers = max(20, count // 25)
    customer_weights = _zipf_cumulative(customers, 0.8)
    product_weights = _zipf_cumulative(len(PRODUCTS), 1.1)
    prices = [(name, Decimal(price)) for name, price in PRODUCTS]
    discounted = [(name, (price * Decimal("0.9")).quantize(Decimal("0.01"))) for name, price in prices]
    stop = datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC)
    span = years * 365 * 86_400
    start = stop - timedelta(seconds=span)
    product_picks = rng.choices(range(len(prices)), cum_weights=product_weights, k=count)
    customer_picks = rng.choices(range(customers), cum_weights=customer_weights, k=count)
    quantities = rng.choices(QUANTITIES, cum_weights=QUANTITY_WEIGHTS, k=count)
    statuses = rng.choices(STATUSES, cum_weights=STATUS_WEIGHTS, k=count)
    for i in range(count):
        name, price = (discounted if rng.random() < 0.2 else prices)[product_picks[i]]
        customer = customer_picks[i]
        quantity = quantities[i]
        yield TransactionDraft(
            occurred_at=start + timedelta(seconds=int(span * rng.random() ** 0.8)),
            customer_id=f"C-{customer:06d}",
            customer_name=customer_name(customer),
            product=name,
            quantity=quantity,
            unit_price=price,
            amount=price * quantity,
            currency=currency,
            status=statuses[i],
        )
