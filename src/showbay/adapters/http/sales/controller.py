"""/api/v1/analytics (dashboard, revenue series, customers and products, read from the summary tables) and
/api/v1/transactions (ingestion, which needs the ``sales:write`` scope, and reading one transaction back)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get
from litestar.params import JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from showbay.adapters.http.idempotency import idempotent_post
from showbay.adapters.http.paging import CURSOR_MAX_LENGTH, LIMIT_DEFAULT, Limit, Offset, ResourceId
from showbay.adapters.http.problems import problem_responses
from showbay.adapters.http.sales.params import CUSTOMER_VALUES, decode_seek, encode_seek
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
from showbay.application.sales.use_cases import (
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
        limit: Limit = LIMIT_DEFAULT,
        offset: Offset = 0,
        sort: Annotated[
            str | None, _sort("lifetime_value, orders, last_order_date, customer_id", "-lifetime_value")
        ] = None,
        cursor: Annotated[
            str | None,
            QueryParameter(
                name="cursor",
                max_length=CURSOR_MAX_LENGTH,
                description="next_cursor of the previous page (same sort, no offset)",
            ),
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
        limit: Limit = LIMIT_DEFAULT,
        offset: Offset = 0,
        sort: Annotated[str | None, _sort("revenue, units, orders, product", "-revenue")] = None,
    ) -> ProductPage:
        page = await list_products(limit, offset, sort)
        return ProductPage(
            data=[ProductRead.of(p) for p in page.items],
            pagination=AnalyticsPagination(page.limit, page.offset, page.total),
            as_of=utc(page.as_of),
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
        summary="Record one sales transaction",
        status_code=HTTP_201_CREATED,
        responses=problem_responses(403, 413, 415, 422),
    )
    async def create_transaction(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[TransactionWrite],
        record: FromDishka[RecordTransaction],
    ) -> Response[TransactionRead]:
        stored = await record(data.to_input())
        body = TransactionRead.of(stored)
        location = f"{request.url.path.rstrip('/')}/{stored.id}"
        return Response(body, status_code=HTTP_201_CREATED, headers={"Location": location})

    @idempotent_post(
        "/batch",
        operation_id="createTransactionBatch",
        summary="Record up to 10,000 transactions, all or nothing",
        description="A bad row stores nothing: the 422 problem names each bad field as `[index].field`.",
        status_code=HTTP_201_CREATED,
        responses=problem_responses(403, 413, 415, 422),
        request_max_body_size=BATCH_MAX_BODY,
    )
    async def create_transaction_batch(
        self, data: JSONBody[TransactionBatch], record: FromDishka[RecordTransactions]
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
        responses=problem_responses(404),
    )
    async def get_transaction(self, transaction_id: ResourceId, read: FromDishka[GetTransaction]) -> TransactionRead:
        return TransactionRead.of(await read(transaction_id))
