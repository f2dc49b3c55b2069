"""Background jobs report their runs to Prometheus: the sales view refresh, counted by outcome."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from prometheus_client import REGISTRY

from showbay.bootstrap.providers.sales import MeteredViewRefresher

AS_OF = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


class ScriptedRefresher:
    def __init__(self, fail: bool) -> None:
        self.fail = fail
        self.calls = 0

    async def refresh(self) -> datetime:
        self.calls += 1
        if self.fail:
            raise RuntimeError("the view refresh failed")
        return AS_OF


def runs(outcome: str) -> float:
    return REGISTRY.get_sample_value("showbay_job_runs_total", {"job": "sales_views_refresh", "outcome": outcome}) or 0


async def test_a_successful_refresh_is_counted_and_returns_as_of() -> None:
    before = runs("ok")
    inner = ScriptedRefresher(fail=False)
    assert await MeteredViewRefresher(inner).refresh() == AS_OF
    assert inner.calls == 1
    assert runs("ok") == before + 1


async def test_a_failed_refresh_is_counted_as_error_and_still_raises() -> None:
    before = runs("error")
    with pytest.raises(RuntimeError):
        await MeteredViewRefresher(ScriptedRefresher(fail=True)).refresh()
    assert runs("error") == before + 1
