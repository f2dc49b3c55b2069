"""The tasks bounded context."""

from showbay.domain.tasks.enrichment import Enrichment, EnrichmentStatus
from showbay.domain.tasks.entities import Task, TaskDraft, TaskPriority, TaskStatus
from showbay.domain.tasks.errors import TaskNotFound

__all__ = ["Enrichment", "EnrichmentStatus", "Task", "TaskDraft", "TaskNotFound", "TaskPriority", "TaskStatus"]
