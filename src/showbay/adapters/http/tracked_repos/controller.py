"""/api/v1/repos: tracked GitHub repositories. Reads are open to every principal (shared data); writes,
which also spend GitHub's rate limit, need the ``repos:write`` scope."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

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
from showbay.adapters.http.paging import LIMIT_DEFAULT, Limit, Offset, cursor_parameter, sort_parameter
from showbay.adapters.http.security import SHARED_READ, scope_rule
from showbay.adapters.http.tracked_repos.params import CURSORS, SORT_DESCRIPTION
from showbay.adapters.http.tracked_repos.schemas import RepoList, RepoRead, RepoWrite
from showbay.application.errors import UPSTREAM_ERRORS, Forbidden, InvalidCursor
from showbay.application.tracked_repos.errors import (
    GitHubRateLimited,
    GitHubRepoNotFound,
    RepoAlreadyTracked,
    TrackedRepoNotFound,
)
from showbay.application.tracked_repos.queries import RepoListQuery, RepoSortField, parse_repo_sort
from showbay.application.tracked_repos.use_cases import (
    GetTrackedRepo,
    ListTrackedRepos,
    RefreshTrackedRepo,
    ReplaceTrackedRepo,
    TrackRepo,
    UntrackRepo,
)
from showbay.domain.errors import StaleVersion
from showbay.domain.tracked_repos import TrackedRepo

Cursor = Annotated[str | None, cursor_parameter("next_cursor of the previous page")]
Sort = Annotated[str, sort_parameter((f.value for f in RepoSortField), SORT_DESCRIPTION)]
Text = Annotated[str | None, QueryParameter(min_length=1, max_length=100)]


def _repo_response(repo: TrackedRepo, status_code: int = HTTP_200_OK, **headers: str) -> Response[RepoRead]:
    return tagged(RepoRead.from_repo(repo), repo.etag, status_code, headers)


class TrackedRepoReadController(Controller):
    path = "/repos"
    tags = ["repos"]
    opt = {"access": SHARED_READ}

    @get(
        "/",
        operation_id="listRepos",
        summary="List tracked repositories",
        description=CURSOR_RULES,
        responses=errors_of(InvalidCursor),
    )
    async def list_repos(
        self,
        *,
        list_repos: FromDishka[ListTrackedRepos],
        owner: Text = None,
        language: Text = None,
        archived: FromQuery[bool | None] = None,
        sort: Sort = "name",
        limit: Limit = LIMIT_DEFAULT,
        offset: Offset = 0,
        cursor: Cursor = None,
    ) -> RepoList:
        keys = parse_repo_sort(sort)
        after = None if cursor is None else CURSORS.decode(cursor, keys)
        query = RepoListQuery(owner, language, archived, keys, limit, offset, after, with_total=after is None)
        return list_page(query, await list_repos(query), RepoRead.from_repo, CURSORS)

    @get(
        "/{repo_id:uuid}",
        operation_id="getRepo",
        summary="Get a tracked repository",
        responses=errors_of(TrackedRepoNotFound, conditional=True),
    )
    async def get_repo(
        self, repo_id: FromPath[UUID], get_repo: FromDishka[GetTrackedRepo], if_none_match: IfNoneMatch = None
    ) -> Response[RepoRead]:
        repo = await get_repo(repo_id)
        return current_or_not_modified(if_none_match, repo.etag, RepoRead.from_repo(repo))


class TrackedRepoWriteController(Controller):
    path = "/repos"
    tags = ["repos"]
    opt = {"access": scope_rule("repos:write")}

    @idempotent_post(
        "/",
        operation_id="trackRepo",
        summary="Track a GitHub repository (fetches its metadata)",
        status_code=HTTP_201_CREATED,
        responses=errors_of(
            Forbidden, RepoAlreadyTracked, GitHubRepoNotFound, GitHubRateLimited, *UPSTREAM_ERRORS, body=True
        ),
    )
    async def track_repo(
        self, request: Request[Any, Any, Any], data: JSONBody[RepoWrite], track: FromDishka[TrackRepo]
    ) -> Response[RepoRead]:
        repo = await track(data.to_ref())
        return _repo_response(repo, HTTP_201_CREATED, **location(request, repo.id))

    @put(
        "/{repo_id:uuid}",
        operation_id="replaceRepo",
        summary="Point a tracked repository at owner/name and re-fetch it (conditionally when unchanged)",
        responses=errors_of(
            Forbidden,
            TrackedRepoNotFound,
            StaleVersion,
            RepoAlreadyTracked,
            GitHubRepoNotFound,
            GitHubRateLimited,
            *UPSTREAM_ERRORS,
            body=True,
        ),
    )
    async def replace_repo(
        self,
        repo_id: FromPath[UUID],
        data: JSONBody[RepoWrite],
        replace: FromDishka[ReplaceTrackedRepo],
        if_match: IfMatch = None,
    ) -> Response[RepoRead]:
        return _repo_response(await replace(repo_id, data.to_ref(), expected_version(if_match, repo_id)))

    @idempotent_post(
        "/{repo_id:uuid}/refresh",
        operation_id="refreshRepo",
        summary="Re-fetch a tracked repository from GitHub (conditional request)",
        status_code=HTTP_200_OK,
        responses=errors_of(
            Forbidden, TrackedRepoNotFound, StaleVersion, GitHubRepoNotFound, GitHubRateLimited, *UPSTREAM_ERRORS
        ),
    )
    async def refresh_repo(
        self, repo_id: FromPath[UUID], refresh: FromDishka[RefreshTrackedRepo], if_match: IfMatch = None
    ) -> Response[RepoRead]:
        return _repo_response(await refresh(repo_id, expected_version(if_match, repo_id)))

    @delete(
        "/{repo_id:uuid}",
        operation_id="untrackRepo",
        summary="Stop tracking a repository",
        status_code=HTTP_204_NO_CONTENT,
        responses=errors_of(Forbidden, TrackedRepoNotFound, StaleVersion),
    )
    async def untrack_repo(
        self, repo_id: FromPath[UUID], untrack: FromDishka[UntrackRepo], if_match: IfMatch = None
    ) -> None:
        await untrack(repo_id, expected_version(if_match, repo_id))
