"""The tasks use cases, one module per group (editing one task, listing, enrichment and its retry)."""

from __future__ import annotations

from showbay.application.tasks.use_cases.editing import (
    CreateTask,
    DeleteTask,
    GetTask,
    PatchTask,
    ReplaceTask,
    RestoreTask,
)
from showbay.application.tasks.use_cases.enrichment import EnrichTask, TaskEnricher
from showbay.application.tasks.use_cases.enrichment_retry import (
    EnrichmentRetryPolicy,
    RetryOutcome,
    RetryPendingEnrichments,
    RetryRound,
)
from showbay.application.tasks.use_cases.listing import ListTasks, PurgeDeletedTasks

__all__ = [
    "CreateTask",
    "DeleteTask",
    "EnrichTask",
    "EnrichmentRetryPolicy",
    "GetTask",
    "ListTasks",
    "PatchTask",
    "PurgeDeletedTasks",
    "ReplaceTask",
    "RestoreTask",
    "RetryOutcome",
    "RetryPendingEnrichments",
    "RetryRound",
    "TaskEnricher",
]
