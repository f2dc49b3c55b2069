"""RetryPendingEnrichments with in-memory fakes: outcomes, backoff, bounded attempts, the circuit."""

from __future__ import annotations

from datetime import timedelta

from showbay.application.errors import UpstreamBadResponse, UpstreamUnavailable
from showbay.application.placeholder import ExternalTodo
from showbay.application.tasks.use_cases import EnrichmentRetryPolicy, RetryOutcome, RetryPendingEnrichments
from showbay.domain.tasks import EnrichmentStatus, Task, TaskDraft
from tests.fakes.clock import FakeClock
from tests.fakes.placeholder import FakeCircuit, FakePlaceholderGateway
from tests.fakes.shared import FakeTransactionManager
from tests.fakes.tasks import FakeTaskStore, enricher

POLICY = EnrichmentRetryPolicy(
    batch_size=10, max_attempts=3, backoff_initial=timedelta(seconds=5), backoff_max=timedelta(seconds=12)
)


async def pending_task(store: FakeTaskStore, clock: FakeClock, external_id: int = 7) -> int:
    task = await store.add(Task.create("alice", TaskDraft("t", external_id=external_id), clock.now()))
    assert task.id is not None
    return task.id


def retry(
    store: FakeTaskStore, clock: FakeClock, gateway: FakePlaceholderGateway, circuit: FakeCircuit
) -> RetryPendingEnrichments:
    return RetryPendingEnrichments(
        store, FakeTransactionManager(), clock, enricher(clock, gateway), circuit, policy=POLICY
    )


async def test_a_pending_task_becomes_ok_once_the_upstream_answers() -> None:
    store, clock, circuit = FakeTaskStore(), FakeClock(), FakeCircuit()
    gateway = FakePlaceholderGateway(ExternalTodo(7, 1, "todo 7", True))
    task_id = await pending_task(store, clock)

    report = await retry(store, clock, gateway, circuit)()

    assert report.outcomes == {RetryOutcome.OK: 1}
    task = store.rows[task_id]
    assert task.enrichment is not None
    assert task.enrichment.status is EnrichmentStatus.OK
    assert task.version == 2, "the representation changed: a new ETag"


def test_backoff_doubles_and_is_capped() -> None:
    assert [POLICY.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 12, 12]


async def test_failures_back_off_per_task_and_stop_after_the_bound() -> None:
    store, clock, circuit = FakeTaskStore(), FakeClock(), FakeCircuit()
    gateway = FakePlaceholderGateway()
    gateway.fail_with = UpstreamUnavailable("jsonplaceholder", "down")
    task_id = await pending_task(store, clock)
    run = retry(store, clock, gateway, circuit)

    first = await run()
    assert first.outcomes == {RetryOutcome.PENDING: 1}
    enrichment = store.rows[task_id].enrichment
    assert enrichment is not None
    assert (enrichment.status, enrichment.attempts) == (EnrichmentStatus.PENDING, 1)
    assert enrichment.next_attempt_at == clock.now() + timedelta(seconds=5)
    assert store.rows[task_id].version == 1, "a reschedule is not a new version"

    assert (await run()).claimed == 0, "not due before its backoff"
    for _ in range(2):
        clock.advance(60)
        await run()
    clock.advance(60)
    assert (await run()).claimed == 0, "three attempts, then it waits for a client"
    assert len(gateway.calls) == 3


async def test_a_bad_answer_records_failed_and_is_retried_later() -> None:
    store, clock, circuit = FakeTaskStore(), FakeClock(), FakeCircuit()
    gateway = FakePlaceholderGateway()
    gateway.fail_with = UpstreamBadResponse("jsonplaceholder", "500")
    task_id = await pending_task(store, clock)

    report = await retry(store, clock, gateway, circuit)()

    assert report.outcomes == {RetryOutcome.FAILED: 1}
    task = store.rows[task_id]
    assert task.enrichment is not None
    assert (task.enrichment.status, task.enrichment.attempts, task.version) == (EnrichmentStatus.FAILED, 1, 2)


async def test_an_open_circuit_skips_the_round_and_costs_no_attempt() -> None:
    store, clock, circuit = FakeTaskStore(), FakeClock(), FakeCircuit()
    gateway = FakePlaceholderGateway(ExternalTodo(7, 1, "todo 7", True))
    task_id = await pending_task(store, clock)
    circuit.open = True

    report = await retry(store, clock, gateway, circuit)()

    assert report.circuit_open
    assert report.claimed == 0
    assert gateway.calls == []
    enrichment = store.rows[task_id].enrichment
    assert enrichment is not None
    assert enrichment.attempts == 0


async def test_a_circuit_opening_mid_round_gives_the_rest_back() -> None:
    store, clock, circuit = FakeTaskStore(), FakeClock(), FakeCircuit()
    gateway = FakePlaceholderGateway()
    gateway.fail_with = UpstreamUnavailable("jsonplaceholder", "down")
    first, second = await pending_task(store, clock, 1), await pending_task(store, clock, 2)

    def open_after_first_call() -> None:
        circuit.open = True

    original = gateway.todo

    async def failing_then_open(todo_id: int) -> ExternalTodo | None:
        try:
            return await original(todo_id)
        finally:
            open_after_first_call()

    gateway.todo = failing_then_open  # type: ignore[method-assign]
    report = await retry(store, clock, gateway, circuit)()

    assert report.circuit_open
    assert report.outcomes == {RetryOutcome.PENDING: 1, RetryOutcome.RELEASED: 1}
    released = store.rows[second].enrichment
    assert released is not None
    assert (released.attempts, released.next_attempt_at) == (0, clock.now())
    tried = store.rows[first].enrichment
    assert tried is not None
    assert tried.attempts == 1
