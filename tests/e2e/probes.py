"""Routes mounted behind the real API stack by tests only: shared-read, scope-protected and large-body probes."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.exceptions import ServiceUnavailableException
from litestar.params import JSONBody

from showbay.adapters.http.security import SHARED_READ, scope_rule


class ProbeController(Controller):
    path = "/probes"

    @get("/", operation_id="listProbes", summary="probe", opt={"access": SHARED_READ})
    async def list_probes(self) -> dict[str, list[int]]:
        return {"data": []}

    @post("/", operation_id="createProbe", summary="probe", opt={"access": scope_rule("repos:write")})
    async def create_probe(self) -> dict[str, str]:
        return {"status": "created"}

    @post(
        "/batch",
        operation_id="batchProbe",
        summary="probe with a larger body limit, as the transactions batch endpoint will have",
        opt={"access": SHARED_READ},
        request_max_body_size=4 * 1024 * 1024,
    )
    async def batch(self, data: JSONBody[dict[str, Any]]) -> dict[str, int]:
        return {"size": len(str(data))}

    @post("/explode", operation_id="explodeProbe", summary="probe", opt={"access": SHARED_READ})
    async def explode(self) -> None:
        raise RuntimeError("cannot reach postgresql://svc:db-pa55word@db:5432/showbay")

    @get("/unavailable", operation_id="unavailableProbe", summary="probe", opt={"access": SHARED_READ})
    async def unavailable(self) -> None:
        raise ServiceUnavailableException("maintenance", headers={"Retry-After": "7"})
