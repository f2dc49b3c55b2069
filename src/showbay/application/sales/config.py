"""Settings of the sales context, as the use cases see them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SalesConfig:
    """The deployment's currency and the shape of the dashboard and revenue answers."""

    currency: str = "ILS"
    top_products: int = 5
    trend_days: int = 30
    max_buckets: int = 3700
