"""Every error the tasks context raises: its domain errors (defined in ``domain/tasks``) and its application errors."""

from __future__ import annotations

from showbay.domain.errors import Conflict
from showbay.domain.tasks.errors import TaskNotFound


class TaskHasNoExternalId(Conflict):
    code = "task_has_no_external_id"

    def __init__(self, task_id: int) -> None:
        super().__init__(f"task {task_id} has no external_id to enrich from; set one first")


__all__ = ["TaskHasNoExternalId", "TaskNotFound"]
