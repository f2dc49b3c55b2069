"""/api/v1/tasks: create, list, read, replace, patch, delete (soft) and restore."""

from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, put
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from showbay.adapters.http.conditional import (
    IfMatch,
    IfNoneMatch,
    current_or_not_modified,
    expected_version,
    location,
    tagged,
)
from showbay.adapters.http.errors import errors_of
from showbay.adapters.http.idempotency import idempotent_post
from showbay.adapters.http.lists import CURSOR_RULES, list_page
from showbay.adapters.http.paging import ResourceId
from showbay.adapters.http.request_checks import ApiRequestCheck
from showbay.adapters.http.security import OWNER
from showbay.adapters.http.tasks.merge_patch import require_merge_patch
from showbay.adapters.http.tasks.params import (
    CURSORS,
    DEFAULT_SORT,
    LIMIT_DEFAULT,
    CursorParam,
    DueAfterParam,
    DueBeforeParam,
    LimitParam,
    OffsetParam,
    OverdueParam,
    PriorityParam,
    SearchParam,
    SortParam,
    StatusParam,
    TagParam,
    build_query,
)
from showbay.adapters.http.tasks.schemas import TaskList, TaskPatch, TaskRead, TaskWrite
from showbay.application.errors import UPSTREAM_ERRORS, InvalidCursor
from showbay.application.principal import Principal
from showbay.application.tasks.errors import TaskHasNoExternalId, TaskNotFound
from showbay.application.tasks.use_cases import (
    CreateTask,
    DeleteTask,
    EnrichTask,
    GetTask,
    ListTasks,
    PatchTask,
    ReplaceTask,
    RestoreTask,
)
from showbay.domain.errors import StaleVersion
from showbay.domain.tasks import Task

AuthedRequest = Request[Principal, Any, Any]


def _task_response(task: Task, status_code: int = 200, headers: dict[str, str] | None = None) -> Response[TaskRead]:
    return tagged(TaskRead.from_task(task), task.etag, status_code, headers)


class TaskController(Controller):
    path = "/tasks"
    tags = ["tasks"]
    opt = {"access": OWNER}

    @idempotent_post(
        "/",
        operation_id="createTask",
        summary="Create a task",
        status_code=HTTP_201_CREATED,
        responses=errors_of(body=True),
    )
    async def create_task(
        self, request: AuthedRequest, data: JSONBody[TaskWrite], create: FromDishka[CreateTask]
    ) -> Response[TaskRead]:
        task = await create(request.user, data.to_draft())
        return _task_response(task, HTTP_201_CREATED, location(request, task.id))

    @get(
        "/",
        operation_id="listTasks",
        description=CURSOR_RULES,
        summary="List, filter, search and sort tasks (offset or keyset pages)",
        responses=errors_of(InvalidCursor),
    )
    async def list_tasks(
        self,
        *,
        request: AuthedRequest,
        list_tasks: FromDishka[ListTasks],
        status: StatusParam = None,
        priority: PriorityParam = None,
        tag: TagParam = None,
        due_before: DueBeforeParam = None,
        due_after: DueAfterParam = None,
        overdue: OverdueParam = None,
        q: SearchParam = None,
        sort: SortParam = DEFAULT_SORT,
        limit: LimitParam = LIMIT_DEFAULT,
        offset: OffsetParam = None,
        cursor: CursorParam = None,
    ) -> TaskList:
        query = build_query(
            status=status,
            priority=priority,
            tag=tag,
            due_before=due_before,
            due_after=due_after,
            overdue=overdue,
            q=q,
            sort=sort,
            limit=limit,
            offset=offset,
            cursor=cursor,
        )
        return list_page(query, await list_tasks(request.user, query), TaskRead.from_task, CURSORS)

    @get(
        "/{task_id:int}",
        operation_id="getTask",
        summary="Get a task",
        responses=errors_of(TaskNotFound, conditional=True),
    )
    async def get_task(
        self,
        request: AuthedRequest,
        task_id: ResourceId,
        get_task: FromDishka[GetTask],
        if_none_match: IfNoneMatch = None,
    ) -> Response[TaskRead]:
        task = await get_task(request.user, task_id)
        return current_or_not_modified(if_none_match, task.etag, TaskRead.from_task(task))

    @put(
        "/{task_id:int}",
        operation_id="replaceTask",
        summary="Replace a task's editable fields",
        responses=errors_of(TaskNotFound, StaleVersion, body=True),
    )
    async def replace_task(
        self,
        request: AuthedRequest,
        task_id: ResourceId,
        data: JSONBody[TaskWrite],
        replace: FromDishka[ReplaceTask],
        if_match: IfMatch = None,
    ) -> Response[TaskRead]:
        task = await replace(request.user, task_id, data.to_draft(), expected_version(if_match, task_id))
        return _task_response(task)

    @patch(
        "/{task_id:int}",
        operation_id="patchTask",
        summary="Change some fields of a task (JSON merge patch, RFC 7396)",
        responses=errors_of(TaskNotFound, StaleVersion, body=True),
        before_request=ApiRequestCheck(require_merge_patch),
    )
    async def patch_task(
        self,
        request: AuthedRequest,
        task_id: ResourceId,
        data: JSONBody[TaskPatch],
        patch_task: FromDishka[PatchTask],
        if_match: IfMatch = None,
    ) -> Response[TaskRead]:
        task = await patch_task(request.user, task_id, data.changes(), expected_version(if_match, task_id))
        return _task_response(task)

    @idempotent_post(
        "/{task_id:int}/restore",
        operation_id="restoreTask",
        summary="Restore a deleted task (until it is purged)",
        status_code=200,
        responses=errors_of(TaskNotFound, StaleVersion),
    )
    async def restore_task(
        self,
        request: AuthedRequest,
        task_id: ResourceId,
        restore: FromDishka[RestoreTask],
        if_match: IfMatch = None,
    ) -> Response[TaskRead]:
        task = await restore(request.user, task_id, expected_version(if_match, task_id))
        return _task_response(task)

    @idempotent_post(
        "/{task_id:int}/enrich",
        operation_id="enrichTask",
        summary="Fetch the task's external todo (JSONPlaceholder) again, now",
        status_code=200,
        responses=errors_of(TaskNotFound, TaskHasNoExternalId, StaleVersion, *UPSTREAM_ERRORS),
    )
    async def enrich_task(
        self, request: AuthedRequest, task_id: ResourceId, enrich: FromDishka[EnrichTask]
    ) -> Response[TaskRead]:
        return _task_response(await enrich(request.user, task_id))

    @delete(
        "/{task_id:int}",
        operation_id="deleteTask",
        summary="Delete a task (soft: restorable until purged)",
        status_code=HTTP_204_NO_CONTENT,
        responses=errors_of(TaskNotFound, StaleVersion),
    )
    async def delete_task(
        self,
        request: AuthedRequest,
        task_id: ResourceId,
        remove: FromDishka[DeleteTask],
        if_match: IfMatch = None,
    ) -> None:
        await remove(request.user, task_id, expected_version(if_match, task_id))
