"""One class per task operation that writes or reads a single task."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from showbay.application.errors import Raises
from showbay.application.ports import Clock, TransactionManager
from showbay.application.principal import Principal
from showbay.application.tasks.ports import TaskReader, TaskStore
from showbay.application.tasks.use_cases.enrichment import TaskEnricher
from showbay.domain.errors import StaleVersion, ValidationFailed, require_version
from showbay.domain.tasks import Task, TaskDraft, TaskNotFound


def _check_version(task: Task, if_match: int | None) -> None:
    require_version("task", task.id, task.version, if_match)


async def _load(store: TaskStore, principal: Principal, task_id: int, *, include_deleted: bool = False) -> Task:
    task = await store.get(principal.id, task_id, include_deleted=include_deleted)
    if task is None:
        raise TaskNotFound(task_id)
    return task


class CreateTask:
    """Create a task owned by the caller; with an ``external_id`` its todo is fetched first (best effort)."""

    raises: Raises = ()

    def __init__(self, store: TaskStore, tx: TransactionManager, clock: Clock, enricher: TaskEnricher) -> None:
        self._store, self._tx, self._clock, self._enricher = store, tx, clock, enricher

    async def __call__(self, principal: Principal, draft: TaskDraft) -> Task:
        task = Task.create(principal.id, draft, self._clock.now())
        if task.wants_enrichment:
            # Ends a transaction the request may hold (an API key lookup): no pooled connection waits on the
            # upstream. Nothing of this task is written yet; a no-op without an open transaction.
            await self._tx.commit()
            await self._enricher.enrich_if_wanted(task)
        task = await self._store.add(task)
        await self._tx.commit()
        return task


class GetTask:
    """Read one of the caller's live tasks (through the reader: no unit of work for a plain read)."""

    raises: Raises = (TaskNotFound,)

    def __init__(self, reader: TaskReader) -> None:
        self._reader = reader

    async def __call__(self, principal: Principal, task_id: int) -> Task:
        task = await self._reader.get(principal.id, task_id)
        if task is None:
            raise TaskNotFound(task_id)
        return task


class _TaskRewrite:
    """What PUT and PATCH share: give a loaded task its new draft, save it at the version that was read (a
    concurrent change is ``StaleVersion``) and commit; only then, with no transaction open, fetch its todo if
    wanted and record the answer in a second short transaction."""

    def __init__(self, store: TaskStore, tx: TransactionManager, clock: Clock, enricher: TaskEnricher) -> None:
        self._store, self._tx, self._clock, self._enricher = store, tx, clock, enricher

    async def _rewrite(self, task: Task, draft: TaskDraft) -> Task:
        read_version = task.version
        task.replace(draft, self._clock.now())
        await self._store.save(task, expected_version=read_version)
        await self._tx.commit()
        written = dataclasses.replace(task)
        if not await self._enricher.enrich_if_wanted(task):
            return task
        task.touch(self._clock.now())
        try:
            await self._store.save(task, expected_version=written.version)
        except StaleVersion:
            return written  # changed again meanwhile: that write stands, and fetches its own todo
        await self._tx.commit()
        return task


class ReplaceTask(_TaskRewrite):
    """Replace every user-editable field of a task (PUT), optionally only if it is still at ``if_match``."""

    raises: Raises = (TaskNotFound, StaleVersion)

    async def __call__(self, principal: Principal, task_id: int, draft: TaskDraft, if_match: int | None = None) -> Task:
        task = await _load(self._store, principal, task_id)
        _check_version(task, if_match)
        return await self._rewrite(task, draft)


class PatchTask(_TaskRewrite):
    """Change some fields of a task (a JSON merge patch), optionally only if it is still at ``if_match``.

    A patch that changes nothing leaves the task (and its version) as it was.
    """

    raises: Raises = (TaskNotFound, StaleVersion, ValidationFailed)

    async def __call__(
        self, principal: Principal, task_id: int, changes: Mapping[str, object], if_match: int | None = None
    ) -> Task:
        task = await _load(self._store, principal, task_id)
        _check_version(task, if_match)
        current = task.draft()
        draft = current.merge(changes)
        if draft == current:
            return task
        return await self._rewrite(task, draft)


class DeleteTask:
    """Soft-delete one of the caller's tasks, optionally only if it is still at ``if_match``."""

    raises: Raises = (TaskNotFound, StaleVersion)

    def __init__(self, store: TaskStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, principal: Principal, task_id: int, if_match: int | None = None) -> None:
        task = await _load(self._store, principal, task_id)
        _check_version(task, if_match)
        read_version = task.version
        task.delete(self._clock.now())
        await self._store.save(task, expected_version=read_version)
        await self._tx.commit()


class RestoreTask:
    """Bring back a soft-deleted task (not yet purged); restoring a live task changes nothing."""

    raises: Raises = (TaskNotFound, StaleVersion)

    def __init__(self, store: TaskStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, principal: Principal, task_id: int, if_match: int | None = None) -> Task:
        task = await _load(self._store, principal, task_id, include_deleted=True)
        _check_version(task, if_match)
        if not task.is_deleted:
            return task
        read_version = task.version
        task.restore(self._clock.now())
        await self._store.save(task, expected_version=read_version)
        await self._tx.commit()
        return task
