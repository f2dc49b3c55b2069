"""The contract tests' service: ``showbay serve`` as a real process on the test PostgreSQL, with its upstreams
(GitHub, JSONPlaceholder) imitated by local servers, a rate limit no fuzzer reaches, and CORS open to one page
origin (the browser test serves its page there).

Used by the schemathesis run, the generated-client test and the browser test (see docs/api.md, "Contract tests").
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import metadata
from tests.conftest import token_for
from tests.e2e.service_process import ServiceProcess
from tests.redis_server import free_port
from tests.upstreams.github import FakeGitHub, fake_github_in_thread
from tests.upstreams.jsonplaceholder import FakeUpstream, ok
from tests.upstreams.jsonplaceholder_data import comment, post, todo

SCOPES = ("repos:write", "sales:write")
KNOWN_IDS = range(1, 6)  # the posts and todos the JSONPlaceholder fake knows; other ids are a 404 upstream
PUBLISHED_REPOS = ("octo/hello", "litestar-org/litestar")


@dataclass(frozen=True)
class ContractService:
    url: str
    token: str
    """A bearer token of ``alice`` with every scope."""
    page_origin: str
    """The one origin CORS allows; nothing listens there until a test serves its page."""
    page_port: int
    github: FakeGitHub
    placeholder: FakeUpstream

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def script_placeholder(fake: FakeUpstream) -> None:
    fake.reply("/posts", ok([post(i) for i in KNOWN_IDS], headers={"X-Total-Count": str(len(KNOWN_IDS))}))
    for i in KNOWN_IDS:
        fake.reply(f"/posts/{i}", ok(post(i)))
        fake.reply(f"/posts/{i}/comments", ok([comment(10 * i + n, i) for n in range(3)]))
        fake.reply(f"/todos/{i}", ok(todo(i)))


async def empty_tables(engine: AsyncEngine) -> None:
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@contextlib.contextmanager
def running_service(
    database_url: str, log_path: Path, github: FakeGitHub, placeholder: FakeUpstream
) -> Iterator[ContractService]:
    page_port = free_port()
    page_origin = f"http://127.0.0.1:{page_port}"
    service = ServiceProcess(
        log_path,
        DATABASE_URL=database_url,
        GITHUB_API_URL=github.url,
        GITHUB_REFRESH_ENABLED="false",
        JSONPLACEHOLDER_URL=placeholder.url,
        RATE_LIMIT_REQUESTS=str(10**9),
        # The fuzzer sends bad credentials on purpose, all from one address: the failed-credential bucket
        # (tested in test_credential_guessing.py) would turn every later call into a 429.
        AUTH_FAILURE_LIMIT=str(10**9),
        CORS_ORIGINS=page_origin,
        SALES_CURRENCY="ILS",
    )
    try:
        service.wait_until_serving()
        yield ContractService(
            url=service.url,
            token=token_for("alice", *SCOPES, ttl=timedelta(hours=1)),
            page_origin=page_origin,
            page_port=page_port,
            github=github,
            placeholder=placeholder,
        )
    finally:
        service.stop()


@pytest.fixture(scope="module")
async def contract_service(
    database_url: str, engine: AsyncEngine, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ContractService]:
    await empty_tables(engine)
    async with FakeUpstream() as placeholder:
        script_placeholder(placeholder)
        with fake_github_in_thread() as github:
            for full_name in PUBLISHED_REPOS:
                github.publish(full_name)
            log_path = tmp_path_factory.mktemp("contract") / "service.log"
            with running_service(database_url, log_path, github, placeholder) as service:
                yield service
