"""Operational endpoints outside /api/v1: liveness and readiness. Open to everyone."""

from __future__ import annotations

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec

from showbay.application.readiness import CheckReadiness

READY_RETRY_AFTER_SECONDS = 1


class Health(msgspec.Struct):
    status: str


class DependencyReport(msgspec.Struct, omit_defaults=True):
    name: str
    ok: bool
    detail: str | None = None


class Readiness(msgspec.Struct):
    status: str
    dependencies: list[DependencyReport]


class OpsController(Controller):
    tags = ["operations"]
    include_in_schema = True

    @get("/health", operation_id="health", summary="Liveness: the process answers (no I/O)")
    async def health(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        operation_id="ready",
        summary="Readiness: every dependency answers",
        responses={503: ResponseSpec(Readiness, description="A dependency is not answering", generate_examples=False)},
    )
    async def ready(self, check: FromDishka[CheckReadiness]) -> Response[Readiness]:
        statuses = await check()
        ok = all(s.ok for s in statuses)
        body = Readiness(
            status="ready" if ok else "unavailable",
            dependencies=[DependencyReport(s.name, s.ok, s.detail) for s in statuses],
        )
        if ok:
            return Response(body, status_code=200)
        return Response(body, status_code=503, headers={"Retry-After": str(READY_RETRY_AFTER_SECONDS)})
