"""/api/v1/analytics: dashboard, revenue series, customers and products, read from the materialized views."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.params import QueryParameter

from showbay.adapters.http.problems import problem_responses
from showbay.adapters.http.sales.analytics_schemas import (
    AnalyticsPagination,
    CustomerPage,
    CustomerRead,
    DashboardRead,
    ProductPage,
    ProductRead,
    RevenueSeriesRead,
    revenue_point,
)
from showbay.adapters.http.sales.params import CUSTOMER_VALUES, decode_seek, encode_seek
from showbay.adapters.http.sales.schemas import utc
from showbay.adapters.http.security import SHARED_READ
from showbay.application.sales.analytics import GetDashboard, GetRevenueSeries, ListCustomers, ListProducts
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.sales import Granularity

Limit = Annotated[int, QueryParameter(name="limit", ge=1, le=100, description="Page size, 1..100")]
Offset = Annotated[int, QueryParameter(name="offset", ge=0, description="Rows to skip")]


def _sort(fields: str, default: str) -> object:
    return QueryParameter(
        name="sort", description=f"Comma-separated {fields}; prefix - for descending. Default {default}"
    )


def _day(name: str, description: str) -> object:
    return QueryParameter(name=name, description=description, format="date")


def _parse_day(name: str, raw: str | None) -> date | None:
    """Dates are parsed here so that a bad one is reported under its query name (``from``, not ``from_``)."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else date.fromisoformat("invalid")
    except ValueError:
        raise ValidationFailed(FieldProblem(name, "must be an ISO date (YYYY-MM-DD)")) from None


class AnalyticsController(Controller):
    path = "/analytics"
    tags = ["analytics"]
    opt = {"access": SHARED_READ}

    @get(
        "/dashboard",
        operation_id="getDashboard",
        summary="Sales totals, status counts, top products, trend",
        responses=problem_responses(),
    )
    async def dashboard(self, get_dashboard: FromDishka[GetDashboard]) -> DashboardRead:
        return DashboardRead.of(await get_dashboard())

    @get(
        "/revenue",
        operation_id="getRevenueSeries",
        summary="Completed revenue per UTC day, ISO week or month",
        responses=problem_responses(422),
    )
    async def revenue(
        self,
        series: FromDishka[GetRevenueSeries],
        granularity: Annotated[Granularity, QueryParameter(name="granularity")] = Granularity.DAY,
        from_: Annotated[str | None, _day("from", "First UTC day (default: by granularity)")] = None,
        to: Annotated[str | None, _day("to", "Last UTC day (default: today)")] = None,
    ) -> RevenueSeriesRead:
        found = await series(granularity, _parse_day("from", from_), _parse_day("to", to))
        return RevenueSeriesRead(
            granularity=found.granularity,
            from_=found.start,
            to=found.end,
            data=[revenue_point(found.granularity, b) for b in found.buckets],
            as_of=utc(found.as_of),
        )

    @get(
        "/customers",
        operation_id="listCustomers",
        summary="Customers by lifetime value, orders or last order date",
        responses=problem_responses(422),
    )
    async def customers(
        self,
        list_customers: FromDishka[ListCustomers],
        limit: Limit = 20,
        offset: Offset = 0,
        sort: Annotated[
            str | None, _sort("lifetime_value, orders, last_order_date, customer_id", "-lifetime_value")
        ] = None,
        cursor: Annotated[
            str | None,
            QueryParameter(name="cursor", description="next_cursor of the previous page (same sort, no offset)"),
        ] = None,
    ) -> CustomerPage:
        sort_text = (sort or ListCustomers.DEFAULT_SORT).replace(" ", "")
        after = decode_seek(cursor, sort_text, CUSTOMER_VALUES) if cursor else None
        page = await list_customers(limit, offset, sort, after)
        return CustomerPage(
            data=[CustomerRead.of(c) for c in page.items],
            pagination=AnalyticsPagination(page.limit, page.offset, page.total),
            as_of=utc(page.as_of),
            next_cursor=encode_seek(sort_text, page.next_after) if page.next_after else None,
        )

    @get(
        "/products",
        operation_id="listProducts",
        summary="Products by revenue, units or orders",
        responses=problem_responses(422),
    )
    async def products(
        self,
        list_products: FromDishka[ListProducts],
        limit: Limit = 20,
        offset: Offset = 0,
        sort: Annotated[str | None, _sort("revenue, units, orders, product", "-revenue")] = None,
    ) -> ProductPage:
        page = await list_products(limit, offset, sort)
        return ProductPage(
            data=[ProductRead.of(p) for p in page.items],
            pagination=AnalyticsPagination(page.limit, page.offset, page.total),
            as_of=utc(page.as_of),
        )
