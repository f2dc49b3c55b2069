"""Enrichment: a task's external todo (JSONPlaceholder) fetched through the PlaceholderGateway port."""

from __future__ import annotations

import asyncio

from showbay.application.errors import UPSTREAM_ERRORS, Raises, UpstreamBadResponse, UpstreamError
from showbay.application.placeholder import ExternalTodo, PlaceholderGateway
from showbay.application.ports import Clock, TransactionManager
from showbay.application.principal import Principal
from showbay.application.tasks.errors import TaskHasNoExternalId
from showbay.application.tasks.ports import TaskStore
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Enrichment, EnrichmentStatus, Task, TaskNotFound


def _data(todo: ExternalTodo) -> dict[str, object]:
    return {"id": todo.id, "user_id": todo.user_id, "title": todo.title, "completed": todo.completed}


class TaskEnricher:
    """Turns the upstream's answer about a todo into an ``Enrichment``.

    ``inline_timeout`` bounds the wait on the write path (create/update), where the upstream may only slow
    the request down, never fail it.
    """

    def __init__(self, gateway: PlaceholderGateway, clock: Clock, inline_timeout: float) -> None:
        self._gateway, self._clock, self._inline_timeout = gateway, clock, inline_timeout

    async def fetch(self, external_id: int) -> Enrichment:
        """``ok`` or ``not_found``; upstream failures leave as ``Upstream*`` errors."""
        todo = await self._gateway.todo(external_id)
        if todo is None:
            return Enrichment(EnrichmentStatus.NOT_FOUND, self._clock.now())
        if "\x00" in todo.title:  # PostgreSQL cannot store it (text or jsonb): an unusable answer
            raise UpstreamBadResponse("jsonplaceholder", f"todo {external_id} has a NUL character in its title")
        return Enrichment(EnrichmentStatus.OK, todo.fetched_at or self._clock.now(), _data(todo))

    async def attempt(self, external_id: int) -> Enrichment:
        """Like ``fetch`` but never raises: a bad answer is ``failed``, no answer (yet) is ``pending``."""
        try:
            async with asyncio.timeout(self._inline_timeout):
                return await self.fetch(external_id)
        except UpstreamBadResponse:
            return Enrichment(EnrichmentStatus.FAILED, self._clock.now())
        except (UpstreamError, TimeoutError):
            return Enrichment.pending()

    async def enrich_if_wanted(self, task: Task) -> bool:
        """On the write path: fetch when the task names a todo whose data is missing or stale; whether the
        task's enrichment changed. Call it with no transaction open: the upstream may take its time."""
        if not task.wants_enrichment or task.external_id is None:
            return False
        enrichment = await self.attempt(task.external_id)
        if enrichment == task.enrichment:
            return False
        task.record_enrichment(enrichment)
        return True


class EnrichTask:
    """Fetch a task's external todo again, now (``POST /tasks/{id}/enrich``).

    Upstream failures reach the caller (502/503/504) and leave the task as it was.
    """

    raises: Raises = (TaskNotFound, TaskHasNoExternalId, StaleVersion, *UPSTREAM_ERRORS)

    def __init__(self, store: TaskStore, tx: TransactionManager, clock: Clock, enricher: TaskEnricher) -> None:
        self._store, self._tx, self._clock, self._enricher = store, tx, clock, enricher

    async def __call__(self, principal: Principal, task_id: int) -> Task:
        external_id = (await self._load(principal, task_id)).external_id
        await self._tx.commit()  # ends the read: no pooled connection waits on the upstream
        if external_id is None:
            raise TaskHasNoExternalId(task_id)
        enrichment = await self._enricher.fetch(external_id)
        task = await self._load(principal, task_id)  # a second, short transaction
        if task.external_id != external_id:
            raise StaleVersion("task", task_id)  # changed to another todo meanwhile: this answer is not its
        read_version = task.version
        task.record_enrichment(enrichment)
        task.touch(self._clock.now())
        await self._store.save(task, expected_version=read_version)
        await self._tx.commit()
        return task

    async def _load(self, principal: Principal, task_id: int) -> Task:
        task = await self._store.get(principal.id, task_id)
        if task is None:
            raise TaskNotFound(task_id)
        return task
