"""In-memory fakes for the tasks context's outbound port (JSONPlaceholder)."""

from __future__ import annotations

import asyncio

from showbay.application.placeholder import ExternalComment, ExternalPost, ExternalPostPage, ExternalTodo
from showbay.application.tasks.use_cases import TaskEnricher
from tests.fakes.shared import FakeClock


class FakePlaceholderGateway:
    """Knows some todos; ``fail_with`` makes every call raise; ``delay`` makes every call slow."""

    def __init__(self, *todos: ExternalTodo) -> None:
        self.todos = {todo.id: todo for todo in todos}
        self.fail_with: Exception | None = None
        self.delay = 0.0
        self.calls: list[int] = []

    async def todo(self, todo_id: int) -> ExternalTodo | None:
        self.calls.append(todo_id)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            raise self.fail_with
        return self.todos.get(todo_id)

    async def post(self, post_id: int) -> ExternalPost | None:
        raise NotImplementedError

    async def posts(self, offset: int, limit: int) -> ExternalPostPage:
        raise NotImplementedError

    async def post_comments(self, post_id: int) -> tuple[ExternalComment, ...]:
        raise NotImplementedError


def enricher(clock: FakeClock, gateway: FakePlaceholderGateway | None = None, timeout: float = 1.0) -> TaskEnricher:
    return TaskEnricher(gateway or FakePlaceholderGateway(), clock, timeout)
