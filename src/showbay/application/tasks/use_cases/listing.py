"""Listing tasks and purging the deleted ones."""

from __future__ import annotations

from datetime import timedelta

from showbay.application.errors import Raises
from showbay.application.listing import Page
from showbay.application.ports import Clock, TransactionManager
from showbay.application.principal import Principal
from showbay.application.tasks.ports import TaskReader, TaskStore
from showbay.application.tasks.queries import TaskPage, TaskQuery, task_position


class ListTasks:
    """One page of the caller's live tasks: filtered, sorted (id breaks ties), by offset or after a position."""

    raises: Raises = ()

    def __init__(self, reader: TaskReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, principal: Principal, query: TaskQuery) -> TaskPage:
        found, total = await self._reader.find(principal.id, query, self._clock.now())
        return Page.of(found, query.limit, total, lambda task: task_position(task, query.sort))


class PurgeDeletedTasks:
    """Remove, for good, tasks deleted longer ago than a retention period; commits batch by batch."""

    raises: Raises = ()

    def __init__(self, store: TaskStore, tx: TransactionManager, clock: Clock) -> None:
        self._store, self._tx, self._clock = store, tx, clock

    async def __call__(self, older_than: timedelta, batch_size: int = 10_000) -> int:
        if older_than < timedelta(0):
            raise ValueError("older_than must not be negative")
        cutoff = self._clock.now() - older_than
        purged = 0
        while True:
            removed = await self._store.purge_deleted(cutoff, batch_size)
            await self._tx.commit()
            purged += removed
            if removed < batch_size:
                return purged
