from __future__ import annotations

from showbay.domain.errors import NotFound


class TaskNotFound(NotFound):
    code = "task_not_found"

    def __init__(self, task_id: int) -> None:
        super().__init__("task", task_id)
