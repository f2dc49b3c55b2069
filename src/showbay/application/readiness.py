"""Readiness: is every dependency of the service answering?"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from showbay.application.ports import DependencyProbe


@dataclass(frozen=True, slots=True)
class DependencyStatus:
    name: str
    ok: bool
    detail: str | None = None


class CheckReadiness:
    """Pings every dependency concurrently, each within ``timeout`` seconds."""

    def __init__(self, probes: Sequence[DependencyProbe], timeout: float = 2.0) -> None:
        self._probes = probes
        self._timeout = timeout

    async def __call__(self) -> list[DependencyStatus]:
        return list(await asyncio.gather(*(self._check(p) for p in self._probes)))

    async def _check(self, probe: DependencyProbe) -> DependencyStatus:
        try:
            await asyncio.wait_for(probe.ping(), self._timeout)
        except TimeoutError:
            return DependencyStatus(probe.name, ok=False, detail="timed out")
        except Exception as exc:
            return DependencyStatus(probe.name, ok=False, detail=type(exc).__name__)
        return DependencyStatus(probe.name, ok=True)
