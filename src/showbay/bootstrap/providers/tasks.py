"""dishka provider of the tasks context: its store and reader, use cases, enricher and retry policy, and the
counters' check of ``showbay check-task-counts``."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, provide, provide_all

from showbay.adapters.persistence.fast_reads import PsycopgTaskReader
from showbay.adapters.persistence.tasks.counts_check import SqlaTaskCountsCheck
from showbay.adapters.persistence.tasks.store import SqlaTaskStore
from showbay.application.placeholder import PlaceholderGateway
from showbay.application.ports import Clock
from showbay.application.tasks.ports import TaskReader, TaskStore
from showbay.application.tasks.use_cases import (
    CreateTask,
    DeleteTask,
    EnrichmentRetryPolicy,
    EnrichTask,
    GetTask,
    ListTasks,
    PatchTask,
    PurgeDeletedTasks,
    ReplaceTask,
    RestoreTask,
    RetryPendingEnrichments,
    TaskEnricher,
)
from showbay.bootstrap.settings import Settings


class TasksProvider(Provider):
    scope = Scope.REQUEST

    store = provide(SqlaTaskStore, provides=TaskStore)
    reader = provide(PsycopgTaskReader, scope=Scope.APP, provides=TaskReader)
    counts_check = provide(SqlaTaskCountsCheck, scope=Scope.APP)  # task_counts against the tasks, on the primary
    # The hot reads need only APP-scoped dependencies: built once, not per request.
    hot_reads = provide_all(GetTask, ListTasks, scope=Scope.APP)
    use_cases = provide_all(
        CreateTask,
        ReplaceTask,
        PatchTask,
        DeleteTask,
        RestoreTask,
        PurgeDeletedTasks,
        EnrichTask,
        RetryPendingEnrichments,
    )

    @provide(scope=Scope.APP)
    def retry_policy(self, settings: Settings) -> EnrichmentRetryPolicy:
        return EnrichmentRetryPolicy(
            interval=timedelta(seconds=settings.enrichment_retry_interval),
            batch_size=settings.enrichment_retry_batch_size,
            max_attempts=settings.enrichment_retry_max_attempts,
            backoff_initial=timedelta(seconds=settings.enrichment_retry_backoff_initial),
            backoff_max=timedelta(seconds=settings.enrichment_retry_backoff_max),
        )

    @provide
    def enricher(self, gateway: PlaceholderGateway, clock: Clock, settings: Settings) -> TaskEnricher:
        return TaskEnricher(gateway, clock, settings.task_enrichment_timeout)
