"""/api/v1/transactions: ingestion (needs the ``sales:write`` scope) and reading one transaction back."""

from __future__ import annotations

from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get
from litestar.params import Body, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from showbay.adapters.http.idempotency import idempotent_post
from showbay.adapters.http.paging import ResourceId
from showbay.adapters.http.problems import problem_responses
from showbay.adapters.http.sales.schemas import BatchCreated, TransactionBatch, TransactionRead, TransactionWrite
from showbay.adapters.http.security import SHARED_READ, scope_rule
from showbay.application.sales.ingestion import MAX_BATCH, GetTransaction, RecordTransaction, RecordTransactions

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
        description="A bad row stores nothing: the 422 problem names each bad field as `[index].field`. "
        + TRANSACTION_RULES,
        status_code=HTTP_201_CREATED,
        responses=problem_responses(403, 413, 415, 422),
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
        responses=problem_responses(404),
    )
    async def get_transaction(self, transaction_id: ResourceId, read: FromDishka[GetTransaction]) -> TransactionRead:
        return TransactionRead.of(await read(transaction_id))
