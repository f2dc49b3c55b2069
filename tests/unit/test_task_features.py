"""Tags, merge patches, soft delete and restore, sorting and filtering rules, list pages, purging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from showbay.application.listing import SortKey
from showbay.application.principal import Principal
from showbay.application.tasks.queries import (
    SortField,
    TaskFilter,
    TaskPosition,
    TaskQuery,
    parse_task_sort,
    sort_value,
)
from showbay.application.tasks.use_cases import (
    CreateTask,
    DeleteTask,
    GetTask,
    ListTasks,
    PatchTask,
    PurgeDeletedTasks,
    RestoreTask,
)
from showbay.domain.errors import StaleVersion, ValidationFailed
from showbay.domain.tasks import EnrichmentStatus, Task, TaskDraft, TaskNotFound, TaskPriority
from tests.fakes.clock import FakeClock
from tests.fakes.shared import FakeTransactionManager
from tests.fakes.tasks import FakeTaskStore, enricher

ALICE = Principal("alice")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_tags_are_normalized_in_first_seen_order() -> None:
    assert TaskDraft("t", tags=(" Home", "WORK ", "home")).tags == ("home", "work")


@pytest.mark.parametrize("tags", [("",), (" ",), ("x" * 51,), ("a\x00",), tuple(f"t{i}" for i in range(21))])
def test_bad_tags_are_rejected(tags: tuple[str, ...]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        TaskDraft("t", tags=tags)
    assert [p.field for p in caught.value.problems] == ["tags"]


def test_twenty_distinct_tags_after_deduplication_are_fine() -> None:
    assert len(TaskDraft("t", tags=tuple(f"T{i % 20}" for i in range(40))).tags) == 20


@pytest.mark.parametrize("external_id", [0, -1, 2**31])
def test_external_id_must_be_a_positive_int32(external_id: int) -> None:
    with pytest.raises(ValidationFailed):
        TaskDraft("t", external_id=external_id)


def test_merge_keeps_absent_fields_and_validates_the_result() -> None:
    draft = TaskDraft("plan", "details", priority=TaskPriority.HIGH, tags=("a",))
    merged = draft.merge({"title": " new ", "description": None})
    assert (merged.title, merged.description, merged.priority, merged.tags) == ("new", None, TaskPriority.HIGH, ("a",))
    with pytest.raises(ValidationFailed):
        draft.merge({"title": "  "})
    with pytest.raises(ValidationFailed):
        draft.merge({"owner_id": "bob"})


def test_external_id_starts_a_pending_enrichment_and_clearing_it_drops_it() -> None:
    task = Task.create("alice", TaskDraft("t", external_id=3), NOW)
    assert task.enrichment is not None
    assert task.enrichment.status is EnrichmentStatus.PENDING
    assert task.wants_enrichment
    task.replace(TaskDraft("t"), NOW)
    assert task.enrichment is None
    assert not task.wants_enrichment


def test_delete_and_restore_are_versioned_changes() -> None:
    task = Task.create("alice", TaskDraft("t"), NOW)
    task.delete(NOW + timedelta(seconds=1))
    assert (task.is_deleted, task.version) == (True, 2)
    task.restore(NOW + timedelta(seconds=2))
    assert (task.is_deleted, task.version, task.updated_at) == (False, 3, NOW + timedelta(seconds=2))


@pytest.mark.parametrize(
    ("spec", "keys"),
    [
        ("-due_date,priority", (SortKey(SortField.DUE_DATE, True), SortKey(SortField.PRIORITY))),
        (" title ", (SortKey(SortField.TITLE),)),
    ],
)
def test_parse_sort(spec: str, keys: tuple[SortKey[SortField], ...]) -> None:
    assert parse_task_sort(spec) == keys
    assert ",".join(map(str, keys)) == spec.strip()


@pytest.mark.parametrize("spec", ["", "colour", "title,,due_date", "--title", "id"])
def test_bad_sorts_are_validation_failures(spec: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_task_sort(spec)
    assert caught.value.problems[0].field == "sort"


def test_a_repeated_sort_field_is_redundant_the_first_one_decides() -> None:
    assert parse_task_sort("-title,due_date,title") == parse_task_sort("-title,due_date")


def test_priority_sorts_by_rank() -> None:
    ranks = [sort_value(Task.create("a", TaskDraft("t", priority=p), NOW), SortField.PRIORITY) for p in TaskPriority]
    assert ranks == [1, 2, 3]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"due_before": datetime(2026, 1, 1)}, "due_before"),  # noqa: DTZ001
        ({"text": " "}, "q"),
        ({"text": "x" * 201}, "q"),
        ({"tags": ("",)}, "tag"),
    ],
)
def test_bad_filters_are_validation_failures(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        TaskFilter(**kwargs)  # type: ignore[arg-type]
    assert caught.value.problems[0].field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 3, "after": TaskPosition((NOW,), 1)}, "offset"),
        ({"after": TaskPosition((NOW, 1), 1)}, "cursor"),
    ],
)
def test_bad_pages_are_validation_failures(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        TaskQuery(**kwargs)  # type: ignore[arg-type]
    assert caught.value.problems[0].field == field


@pytest.fixture
def store() -> FakeTaskStore:
    return FakeTaskStore()


async def test_list_gives_a_next_position_only_when_more_follow(store: FakeTaskStore, clock: FakeClock) -> None:
    create = CreateTask(store, FakeTransactionManager(), clock, enricher(clock))
    tasks = [await create(ALICE, TaskDraft(f"t{i}")) for i in range(3)]
    first = await ListTasks(store, clock)(ALICE, TaskQuery(limit=2))
    assert [t.id for t in first.items] == [tasks[0].id, tasks[1].id]
    assert first.next == TaskPosition((tasks[1].created_at,), 2)
    assert first.total == 3
    last = await ListTasks(store, clock)(ALICE, TaskQuery(limit=2, after=first.next))
    assert ([t.id for t in last.items], last.next, last.total) == ([3], None, None)


async def test_patch_that_changes_nothing_keeps_the_version(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan", tags=("a",)))
    assert task.id is not None
    same = await PatchTask(store, tx, clock, enricher(clock))(ALICE, task.id, {"title": "plan", "tags": ("A",)})
    assert same.version == 1
    assert tx.commits == 1
    changed = await PatchTask(store, tx, clock, enricher(clock))(ALICE, task.id, {"tags": ()}, if_match=1)
    assert (changed.version, changed.tags, tx.commits) == (2, (), 2)
    with pytest.raises(StaleVersion):
        await PatchTask(store, tx, clock, enricher(clock))(ALICE, task.id, {"title": "x"}, if_match=1)


async def test_restore_brings_back_a_deleted_task(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    task = await CreateTask(store, tx, clock, enricher(clock))(ALICE, TaskDraft("plan"))
    assert task.id is not None
    await DeleteTask(store, tx, clock)(ALICE, task.id)
    with pytest.raises(TaskNotFound):
        await GetTask(store)(ALICE, task.id)
    with pytest.raises(StaleVersion):
        await RestoreTask(store, tx, clock)(ALICE, task.id, if_match=1)
    restored = await RestoreTask(store, tx, clock)(ALICE, task.id, if_match=2)
    assert restored.version == 3
    assert await GetTask(store)(ALICE, task.id) == restored
    with pytest.raises(TaskNotFound):
        await RestoreTask(store, tx, clock)(Principal("bob"), task.id)


async def test_purge_commits_batch_by_batch_until_done(
    store: FakeTaskStore, tx: FakeTransactionManager, clock: FakeClock
) -> None:
    create = CreateTask(store, tx, clock, enricher(clock))
    for _ in range(5):
        task = await create(ALICE, TaskDraft("old"))
        assert task.id is not None
        await DeleteTask(store, tx, clock)(ALICE, task.id)
    clock.advance(31 * 24 * 3600)
    recent = await create(ALICE, TaskDraft("recent"))
    assert recent.id is not None
    await DeleteTask(store, tx, clock)(ALICE, recent.id)
    commits = tx.commits
    assert await PurgeDeletedTasks(store, tx, clock)(timedelta(days=30), batch_size=2) == 5
    assert tx.commits - commits == 3  # 2 + 2 + 1
    assert list(store.rows) == [recent.id]
    with pytest.raises(ValueError, match="negative"):
        await PurgeDeletedTasks(store, tx, clock)(timedelta(days=-1))
