"""Background jobs report their runs to Prometheus, counted by outcome."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from showbay.adapters.observability.metrics import job_run

JOB = "test_metered_job"


def runs(outcome: str) -> float:
    return REGISTRY.get_sample_value("showbay_job_runs_total", {"job": JOB, "outcome": outcome}) or 0


def test_a_successful_run_is_counted_as_ok() -> None:
    before = runs("ok")
    with job_run(JOB):
        pass
    assert runs("ok") == before + 1


def test_a_failed_run_is_counted_as_error_and_still_raises() -> None:
    before = runs("error")
    with pytest.raises(RuntimeError, match="the job failed"), job_run(JOB):
        raise RuntimeError("the job failed")
    assert runs("error") == before + 1
