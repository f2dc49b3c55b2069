"""/api/v1/tasks: create, read, replace, delete."""

from __future__ import annotations

from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, HeaderParameter, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT, HTTP_304_NOT_MODIFIED

from showbay.adapters.http.conditional import expected_version, matches_any
from showbay.adapters.http.problems import problem_responses
from showbay.adapters.http.security import OWNER
from showbay.adapters.http.tasks.schemas import TaskRead, TaskWrite
from showbay.application.principal import Principal
from showbay.application.tasks.use_cases import CreateTask, DeleteTask, GetTask, ReplaceTask
from showbay.domain.tasks import Task

IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", required=False, description="An ETag from a previous read; 412 when stale"),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(name="If-None-Match", required=False, description="An ETag; 304 when still current"),
]
AuthedRequest = Request[Principal, Any, Any]


def _task_response(task: Task, status_code: int = 200, headers: dict[str, str] | None = None) -> Response[TaskRead]:
    return Response(TaskRead.from_task(task), status_code=status_code, headers={"ETag": task.etag, **(headers or {})})


class TaskController(Controller):
    path = "/tasks"
    tags = ["tasks"]
    opt = {"access": OWNER}

    @post(
        "/",
        operation_id="createTask",
        summary="Create a task",
        status_code=HTTP_201_CREATED,
        responses=problem_responses(400, 415, 422),
    )
    async def create_task(
        self, request: AuthedRequest, data: JSONBody[TaskWrite], create: FromDishka[CreateTask]
    ) -> Response[TaskRead]:
        task = await create(request.user, data.to_draft())
        return _task_response(task, HTTP_201_CREATED, {"Location": f"{request.url.path.rstrip('/')}/{task.id}"})

    @get(
        "/{task_id:int}",
        operation_id="getTask",
        summary="Get a task",
        responses=problem_responses(404),
    )
    async def get_task(
        self,
        request: AuthedRequest,
        task_id: FromPath[int],
        get_task: FromDishka[GetTask],
        if_none_match: IfNoneMatch = None,
    ) -> Response[TaskRead]:
        task = await get_task(request.user, task_id)
        if matches_any(if_none_match, task.etag):
            return Response(None, status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": task.etag})  # type: ignore[arg-type]
        return _task_response(task)

    @put(
        "/{task_id:int}",
        operation_id="replaceTask",
        summary="Replace a task's editable fields",
        responses=problem_responses(400, 404, 412, 415, 422),
    )
    async def replace_task(
        self,
        request: AuthedRequest,
        task_id: FromPath[int],
        data: JSONBody[TaskWrite],
        replace: FromDishka[ReplaceTask],
        if_match: IfMatch = None,
    ) -> Response[TaskRead]:
        task = await replace(request.user, task_id, data.to_draft(), expected_version(if_match, task_id))
        return _task_response(task)

    @delete(
        "/{task_id:int}",
        operation_id="deleteTask",
        summary="Delete a task",
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(404, 412),
    )
    async def delete_task(
        self,
        request: AuthedRequest,
        task_id: FromPath[int],
        remove: FromDishka[DeleteTask],
        if_match: IfMatch = None,
    ) -> None:
        await remove(request.user, task_id, expected_version(if_match, task_id))
