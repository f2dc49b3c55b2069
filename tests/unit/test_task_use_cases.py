from __future__ import annotations

import pytest

from showbay.application.principal import Principal
from showbay.application.tasks.use_cases import CreateTask, DeleteTask, GetTask, ReplaceTask
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import TaskDraft, TaskNotFound, TaskStatus
from tests.fakes.clock import FakeClock
from tests.fakes.shared import FakeTransactionManager
from tests.fakes.tasks import FakeTaskStore, enricher

ALICE = Principal("alice")
BOB = Principal("bob")


@pytest.fixture
def store() -> FakeTaskStore:
    return FakeTaskStore()


async def test_create_stores_the_task_for_the_caller_and_commits(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id == 1
    assert store.rows[1].owner_id == "alice"
    assert tx.commits == 1


async def test_get_hides_other_owners_tasks(store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id is not None
    assert (await GetTask(store)(ALICE, task.id)).title == "plan"
    with pytest.raises(TaskNotFound):
        await GetTask(store)(BOB, task.id)


async def test_replace_moves_status_and_bumps_version(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id is not None
    clock.advance(60)
    replaced = await ReplaceTask(store, tx, clock, enricher(clock))(
        ALICE, task.id, TaskDraft("plan", status=TaskStatus.COMPLETED)
    )
    assert replaced.completed_at == clock.now()
    assert store.rows[task.id].version == 2
    assert tx.commits == 2


async def test_replace_with_stale_if_match_changes_nothing(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id is not None
    await ReplaceTask(store, tx, clock, enricher(clock))(ALICE, task.id, TaskDraft("first"), if_match=1)
    with pytest.raises(StaleVersion):
        await ReplaceTask(store, tx, clock, enricher(clock))(ALICE, task.id, TaskDraft("second"), if_match=1)
    assert store.rows[task.id].title == "first"
    assert tx.commits == 2


async def test_delete_soft_deletes_only_the_callers_task(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id is not None
    with pytest.raises(TaskNotFound):
        await DeleteTask(store, tx, clock)(BOB, task.id)
    assert store.rows[task.id].deleted_at is None
    await DeleteTask(store, tx, clock)(ALICE, task.id)
    assert store.rows[task.id].deleted_at == clock.now()
    assert store.rows[task.id].version == 2
    with pytest.raises(TaskNotFound):
        await GetTask(store)(ALICE, task.id)


async def test_delete_with_stale_if_match_keeps_the_task(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id is not None
    with pytest.raises(StaleVersion):
        await DeleteTask(store, tx, clock)(ALICE, task.id, if_match=5)
    assert store.rows[task.id].deleted_at is None
