"""Enrichment rules with an in-memory gateway: the write path never fails, the enrich call reports failures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showbay.application.errors import UpstreamBadResponse, UpstreamTimeout, UpstreamUnavailable
from showbay.application.placeholder import ExternalTodo
from showbay.application.principal import Principal
from showbay.application.tasks.errors import TaskHasNoExternalId
from showbay.application.tasks.use_cases import CreateTask, EnrichTask, PatchTask, ReplaceTask
from showbay.domain.tasks import Enrichment, EnrichmentStatus, Task, TaskDraft, TaskNotFound
from tests.fakes.clock import FakeClock
from tests.fakes.placeholder import FakePlaceholderGateway
from tests.fakes.shared import FakeTransactionManager
from tests.fakes.tasks import FakeTaskStore, enricher

ALICE = Principal("alice")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TODO = ExternalTodo(7, 2, "delectus aut autem", False)
DATA = {"id": 7, "user_id": 2, "title": "delectus aut autem", "completed": False}


@pytest.fixture
def gateway() -> FakePlaceholderGateway:
    return FakePlaceholderGateway(TODO)


@pytest.fixture
def store() -> FakeTaskStore:
    return FakeTaskStore()


@pytest.mark.parametrize(
    ("external_id", "failure", "delay", "expected"),
    [
        (7, None, 0.0, Enrichment(EnrichmentStatus.OK, NOW, DATA)),
        (8, None, 0.0, Enrichment(EnrichmentStatus.NOT_FOUND, NOW)),
        (7, UpstreamBadResponse("jsonplaceholder", "500"), 0.0, Enrichment(EnrichmentStatus.FAILED, NOW)),
        (7, UpstreamUnavailable("jsonplaceholder", "429", retry_after=3), 0.0, Enrichment.pending()),
        (7, UpstreamTimeout("jsonplaceholder", "slow"), 0.0, Enrichment.pending()),
        (7, None, 5.0, Enrichment.pending()),  # slower than the inline timeout
    ],
)
async def test_create_always_saves_with_the_enrichment_state(
    store: FakeTaskStore,
    tx: FakeTransactionManager,
    clock: FakeClock,
    gateway: FakePlaceholderGateway,
    external_id: int,
    failure: Exception | None,
    delay: float,
    expected: Enrichment,
) -> None:
    gateway.fail_with, gateway.delay = failure, delay
    task = await CreateTask(store, tx, clock, enricher(clock, gateway, timeout=0.05))(
        ALICE, TaskDraft("t", external_id=external_id)
    )
    assert task.enrichment == expected
    assert task.id is not None
    assert store.rows[task.id].enrichment == expected
    assert tx.commits == 2  # the (empty) one ended before the upstream call, then the insert


async def test_no_external_id_means_no_upstream_call(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock, gateway))(ALICE, TaskDraft("t"))
    assert task.enrichment is None
    assert gateway.calls == []


async def test_updates_fetch_when_the_external_id_changes_or_the_last_fetch_failed(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    enrich = enricher(clock, gateway)
    task = await CreateTask(store, tx, clock, enrich)(ALICE, TaskDraft("t", external_id=7))
    assert task.id is not None
    await ReplaceTask(store, tx, clock, enrich)(ALICE, task.id, TaskDraft("renamed", external_id=7))
    assert gateway.calls == [7]  # already ok: no refetch
    patched = await PatchTask(store, tx, clock, enrich)(ALICE, task.id, {"external_id": 8})
    assert gateway.calls == [7, 8]
    assert patched.enrichment == Enrichment(EnrichmentStatus.NOT_FOUND, NOW)
    gateway.todos_by_id[8] = ExternalTodo(8, 1, "now it exists", True)
    again = await ReplaceTask(store, tx, clock, enrich)(ALICE, task.id, TaskDraft("again", external_id=8))
    assert again.enrichment is not None
    assert again.enrichment.status is EnrichmentStatus.NOT_FOUND  # not_found is an answer, not a failure
    cleared = await PatchTask(store, tx, clock, enrich)(ALICE, task.id, {"external_id": None})
    assert cleared.enrichment is None


async def test_enrich_records_the_fresh_answer_as_a_new_version(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    gateway.fail_with = UpstreamUnavailable("jsonplaceholder", "down")
    enrich = enricher(clock, gateway)
    task = await CreateTask(store, tx, clock, enrich)(ALICE, TaskDraft("t", external_id=7))
    assert task.id is not None
    gateway.fail_with = None
    enriched = await EnrichTask(store, tx, clock, enrich)(ALICE, task.id)
    assert enriched.enrichment == Enrichment(EnrichmentStatus.OK, NOW, DATA)
    assert enriched.version == 2
    assert store.rows[task.id].enrichment == enriched.enrichment


@pytest.mark.parametrize(
    "failure",
    [
        UpstreamBadResponse("jsonplaceholder", "bad"),
        UpstreamUnavailable("jsonplaceholder", "down"),
        UpstreamTimeout("jsonplaceholder", "slow"),
    ],
)
async def test_enrich_reports_upstream_failures_and_leaves_the_task(
    store: FakeTaskStore,
    tx: FakeTransactionManager,
    clock: FakeClock,
    gateway: FakePlaceholderGateway,
    failure: Exception,
) -> None:
    enrich = enricher(clock, gateway)
    task = await CreateTask(store, tx, clock, enrich)(ALICE, TaskDraft("t", external_id=7))
    assert task.id is not None
    before = store.rows[task.id]
    gateway.fail_with = failure
    with pytest.raises(type(failure)):
        await EnrichTask(store, tx, clock, enrich)(ALICE, task.id)
    assert store.rows[task.id] == before  # nothing written: only the read before the call was ended


async def test_enrich_needs_a_live_task_with_an_external_id(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock, gateway: FakePlaceholderGateway
) -> None:
    enrich = enricher(clock, gateway)
    task = await CreateTask(store, tx, clock, enrich)(ALICE, TaskDraft("t"))
    assert task.id is not None
    with pytest.raises(TaskHasNoExternalId):
        await EnrichTask(store, tx, clock, enrich)(ALICE, task.id)
    with pytest.raises(TaskNotFound):
        await EnrichTask(store, tx, clock, enrich)(Principal("bob"), task.id)
    assert gateway.calls == []


async def test_a_todo_postgresql_cannot_store_is_a_bad_answer(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    gateway = FakePlaceholderGateway(ExternalTodo(7, 1, "nul\x00title", False))
    enrich = enricher(clock, gateway)
    task = await CreateTask(store, tx, clock, enrich)(ALICE, TaskDraft("t", external_id=7))
    assert task.enrichment == Enrichment(EnrichmentStatus.FAILED, NOW)
    assert task.id is not None
    with pytest.raises(UpstreamBadResponse):
        await EnrichTask(store, tx, clock, enrich)(ALICE, task.id)


class TrackedTransactions(FakeTransactionManager):
    """Knows whether a unit of work is open: from the first store call until the next commit."""

    def __init__(self) -> None:
        super().__init__()
        self.open = False

    async def commit(self) -> None:
        await super().commit()
        self.open = False


class TransactionalTaskStore(FakeTaskStore):
    def __init__(self, tx: TrackedTransactions) -> None:
        super().__init__()
        self._tx = tx

    async def add(self, task: Task) -> Task:
        self._tx.open = True
        return await super().add(task)

    async def get(self, owner_id: str, task_id: int, *, include_deleted: bool = False) -> Task | None:
        self._tx.open = True
        return await super().get(owner_id, task_id, include_deleted=include_deleted)

    async def save(self, task: Task, expected_version: int) -> None:
        self._tx.open = True
        await super().save(task, expected_version)


class WatchingGateway(FakePlaceholderGateway):
    """Records, per call, whether the caller still held a unit of work (a pooled connection)."""

    def __init__(self, tx: TrackedTransactions, *todos: ExternalTodo) -> None:
        super().__init__(*todos)
        self._tx = tx
        self.inside_transaction: list[bool] = []

    async def todo(self, todo_id: int) -> ExternalTodo | None:
        self.inside_transaction.append(self._tx.open)
        return await super().todo(todo_id)


async def test_no_write_path_waits_on_the_upstream_inside_a_transaction(clock: FakeClock) -> None:
    tx = TrackedTransactions()
    store = TransactionalTaskStore(tx)
    gateway = WatchingGateway(tx, TODO, ExternalTodo(8, 1, "eight", True))
    enrich = enricher(clock, gateway)
    tx.open = True  # as after an API key lookup on the request's session
    task = await CreateTask(store, tx, clock, enrich)(ALICE, TaskDraft("t", external_id=7))
    assert task.id is not None
    replaced = await ReplaceTask(store, tx, clock, enrich)(ALICE, task.id, TaskDraft("t", external_id=8))
    patched = await PatchTask(store, tx, clock, enrich)(ALICE, task.id, {"external_id": 7})
    await EnrichTask(store, tx, clock, enrich)(ALICE, task.id)
    assert gateway.calls == [7, 8, 7, 7]
    assert gateway.inside_transaction == [False, False, False, False]
    assert not tx.open
    # The write is committed first, the answer recorded in a second step: one more version for it.
    assert (replaced.version, replaced.enrichment and replaced.enrichment.data) == (
        3,
        {**DATA, "id": 8, "user_id": 1, "title": "eight", "completed": True},
    )
    assert patched.version == 5
    assert store.rows[task.id].enrichment == Enrichment(EnrichmentStatus.OK, NOW, DATA)


async def test_a_write_racing_the_upstream_call_stands_and_the_stale_answer_is_dropped(clock: FakeClock) -> None:
    tx = TrackedTransactions()
    store = TransactionalTaskStore(tx)
    gateway = FakePlaceholderGateway(TODO)
    task = await CreateTask(store, tx, clock, enricher(clock, gateway))(ALICE, TaskDraft("t"))
    assert task.id is not None
    task_id = task.id

    class RacingGateway(FakePlaceholderGateway):
        async def todo(self, todo_id: int) -> ExternalTodo | None:
            current = store.rows[task_id]
            current.title, current.version = "changed meanwhile", current.version + 1
            return TODO

    answer = await ReplaceTask(store, tx, clock, enricher(clock, RacingGateway()))(
        ALICE, task_id, TaskDraft("mine", external_id=7)
    )
    assert (answer.title, answer.version, answer.enrichment) == ("mine", 2, Enrichment.pending())
    assert (store.rows[task_id].title, store.rows[task_id].version) == ("changed meanwhile", 3)
