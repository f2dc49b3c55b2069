"""/api/v1/analytics (dashboard, revenue series, customers and products, read from the summary tables) and
/api/v1/transactions (ingestion, which needs the ``sales:write`` scope, and reading one transaction back)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get
from litestar.params import Body, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from showbay.adapters.http.conditional import location
from showbay.adapters.http.errors import errors_of
from showbay.adapters.http.idempotency import idempotent_post
from showbay.adapters.http.lists import CURSOR_RULES
from showbay.adapters.http.paging import LIMIT_DEFAULT, Limit, Offset, ResourceId, cursor_parameter, sort_parameter
from showbay.adapters.http.sales.params import CUSTOMER_CURSORS
from showbay.adapters.http.sales.schemas import (
    AnalyticsPagination,
    BatchCreated,
    CustomerPage,
    CustomerRead,
    DashboardRead,
    ProductPage,
    ProductRead,
    RevenueSeriesRead,
    TransactionBatch,
    TransactionRead,
    TransactionWrite,
    revenue_point,
    utc,
)
from showbay.adapters.http.security import SHARED_READ, scope_rule
from showbay.application.errors import Forbidden, InvalidCursor
from showbay.application.listing import parse_sort
from showbay.application.sales.errors import TransactionNotFound
from showbay.application.sales.use_cases import (
    MAX_BATCH,
    GetDashboard,
    GetRevenueSeries,
    GetTransaction,
    ListCustomers,
    ListProducts,
    RecordTransaction,
    RecordTransactions,
)
from showbay.domain.errors import FieldProblem, ValidationFailed
from showbay.domain.sales import Granularity


def _sort(fields: Iterable[str], default: str) -> object:
    names = tuple(fields)
    return sort_parameter(names, f"Comma-separated {', '.join(names)}; prefix - for descending. Default {default}")


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
        responses=errors_of(),
    )
    async def dashboard(self, get_dashboard: FromDishka[GetDashboard]) -> DashboardRead:
        return DashboardRead.of(await get_dashboard())

    @get(
        "/revenue",
        operation_id="getRevenueSeries",
        description="Rules the schema cannot carry: `from` must not be after `to`, `to` must be before 9999-01-01, "
        "and the range, widened to whole buckets, spans at most 3,700 buckets (422 otherwise).",
        summary="Completed revenue per UTC day, ISO week or month",
        responses=errors_of(),
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
        description=CURSOR_RULES,
        summary="Customers by lifetime value, orders or last order date",
        responses=errors_of(InvalidCursor),
    )
    async def customers(
        self,
        list_customers: FromDishka[ListCustomers],
        limit: Limit = LIMIT_DEFAULT,
        offset: Offset = 0,
        sort: Annotated[str | None, _sort(ListCustomers.SORTABLE, ListCustomers.DEFAULT_SORT)] = None,
        cursor: Annotated[
            str | None, cursor_parameter("next_cursor of the previous page (same sort, no offset)")
        ] = None,
    ) -> CustomerPage:
        keys = parse_sort(sort, ListCustomers.SORTABLE, ListCustomers.DEFAULT_SORT)
        after = CUSTOMER_CURSORS.decode(cursor, keys) if cursor else None
        page = await list_customers(limit, offset, keys, after)
        return CustomerPage(
            data=[CustomerRead.of(c) for c in page.items],
            pagination=AnalyticsPagination(limit, offset, page.total or 0),
            as_of=utc(page.as_of),
            next_cursor=CUSTOMER_CURSORS.encode(keys, page.next) if page.next else None,
        )

    @get(
        "/products",
        operation_id="listProducts",
        summary="Products by revenue, units or orders",
        responses=errors_of(),
    )
    async def products(
        self,
        list_products: FromDishka[ListProducts],
        limit: Limit = LIMIT_DEFAULT,
        offset: Offset = 0,
        sort: Annotated[str | None, _sort(ListProducts.SORTABLE, "-revenue")] = None,
    ) -> ProductPage:
        page = await list_products(limit, offset, parse_sort(sort, ListProducts.SORTABLE, ListProducts.DEFAULT_SORT))
        return ProductPage(
            data=[ProductRead.of(p) for p in page.items],
            pagination=AnalyticsPagination(limit, offset, page.total or 0),
            as_of=utc(page.as_of),
        )


TRANSACTION_RULES = (
    "Rules the schema cannot carry: `currency`, when sent, is the deployment's one currency (`SALES_CURRENCY`), "
    "and `amount`, when sent, equals quantity * unit_price (422 otherwise)."
)
BATCH_MAX_BODY = 16 * 1024 * 1024
"""10,000 rows of at most ~1.5 KB each (200-character Hebrew names are 400 bytes of UTF-8 apiece)."""


class TransactionWriteController(Controller):
    path = "/transactions"
    tags = ["sales"]
    opt = {"access": scope_rule("sales:write")}

    @idempotent_post(
        "/",
        operation_id="createTransaction",
        description=TRANSACTION_RULES,
        summary="Record one sales transaction",
        status_code=HTTP_201_CREATED,
        responses=errors_of(Forbidden, body=True),
    )
    async def create_transaction(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[TransactionWrite],
        record: FromDishka[RecordTransaction],
    ) -> Response[TransactionRead]:
        stored = await record(data.to_input())
        body = TransactionRead.of(stored)
        return Response(body, status_code=HTTP_201_CREATED, headers=location(request, stored.id))

    @idempotent_post(
        "/batch",
        operation_id="createTransactionBatch",
        summary="Record up to 10,000 transactions, all or nothing",
        description="A bad row stores nothing: the 422 problem names each bad field as `[index].field`. "
        + TRANSACTION_RULES,
        status_code=HTTP_201_CREATED,
        responses=errors_of(Forbidden, body=True),
        request_max_body_size=BATCH_MAX_BODY,
    )
    async def create_transaction_batch(
        self,
        data: Annotated[TransactionBatch, Body(min_items=1, max_items=MAX_BATCH)],
        record: FromDishka[RecordTransactions],
    ) -> BatchCreated:
        ids = await record([row.to_input() for row in data], batch=True)
        return BatchCreated(inserted=len(ids), ids=ids)


class TransactionReadController(Controller):
    path = "/transactions"
    tags = ["sales"]
    opt = {"access": SHARED_READ}

    @get(
        "/{transaction_id:int}",
        operation_id="getTransaction",
        summary="Get one sales transaction",
        responses=errors_of(TransactionNotFound),
    )
    async def get_transaction(self, transaction_id: ResourceId, read: FromDishka[GetTransaction]) -> TransactionRead:
        return TransactionRead.of(await read(transaction_id))
