"""What is the analytics lists' own: their sort fields and the page request their reader takes (the rest is
``application.listing``)."""

from __future__ import annotations

from dataclasses import dataclass

from showbay.application.listing import Position, SortKey

CUSTOMER_SORT_FIELDS = ("lifetime_value", "orders", "last_order_date", "customer_id")
CUSTOMER_DEFAULT_SORT = "-lifetime_value"
PRODUCT_SORT_FIELDS = ("revenue", "units", "orders", "product")
PRODUCT_DEFAULT_SORT = "-revenue"

SalesSort = tuple[SortKey[str], ...]
CustomerPosition = Position[str]
"""A keyset position in the customers list: the sort value and the customer id that breaks ties."""


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What a summary reader returns: up to ``limit`` rows in ``sort`` order, after ``offset`` rows or ``after``
    a position."""

    limit: int
    offset: int
    sort: SalesSort
    after: CustomerPosition | None = None
