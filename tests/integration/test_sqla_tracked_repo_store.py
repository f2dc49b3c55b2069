"""SqlaTrackedRepoStore against PostgreSQL: round trips, the case-insensitive unique name, versions,
filters, sorts, both pagination styles, and claim_due under concurrency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.tracked_repos.store import SqlaTrackedRepoStore
from showbay.application.listing import SortKey
from showbay.application.tracked_repos.queries import RepoListQuery, RepoSortField
from showbay.domain.errors import StaleVersion
from showbay.domain.tracked_repos import RepoAlreadyTracked, RepoRef, TrackedRepo
from tests.fakes.tracked_repos import metadata

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def repo(full_name: str = "octo/hello", checked: datetime = NOW, **changes: object) -> TrackedRepo:
    return TrackedRepo.track(uuid4(), metadata(full_name, **changes), '"e1"', checked)


async def add_all(engine: AsyncEngine, *repos: TrackedRepo) -> None:
    async with AsyncSession(engine) as session:
        store = SqlaTrackedRepoStore(session)
        for r in repos:
            await store.add(r)
        await session.commit()


async def test_round_trip_keeps_every_field(clean_db: AsyncEngine) -> None:
    original = repo(pushed_at=None, description=None, language=None)
    await add_all(clean_db, original)
    async with AsyncSession(clean_db) as session:
        assert await SqlaTrackedRepoStore(session).get(original.id) == original


async def test_duplicate_in_another_case_names_the_existing_id(clean_db: AsyncEngine) -> None:
    first = repo("Octo/Hello")
    await add_all(clean_db, first)
    async with AsyncSession(clean_db) as session:
        store = SqlaTrackedRepoStore(session)
        with pytest.raises(RepoAlreadyTracked) as caught:
            await store.add(repo("octo/HELLO"))
        assert caught.value.existing_id == first.id
        # the savepoint kept the transaction usable
        assert (await store.find(RepoRef("OCTO", "hello"))) == first


async def test_save_checks_the_version_and_name_clashes(clean_db: AsyncEngine) -> None:
    a, b = repo("octo/a"), repo("octo/b")
    await add_all(clean_db, a, b)
    async with AsyncSession(clean_db) as session:
        store = SqlaTrackedRepoStore(session)
        a.record_fetch(metadata("octo/a", stars=5), '"e2"', NOW)
        await store.save(a, expected_version=1)
        with pytest.raises(StaleVersion):
            await store.save(a, expected_version=1)
        b.record_fetch(metadata("OCTO/A"), '"e2"', NOW)
        with pytest.raises(RepoAlreadyTracked) as caught:
            await store.save(b, expected_version=1)
        assert caught.value.existing_id == a.id
        await session.commit()
    async with AsyncSession(clean_db) as session:
        loaded = await SqlaTrackedRepoStore(session).get(a.id)
        assert loaded is not None
        assert (loaded.metadata.stars, loaded.version) == (5, 2)


async def test_delete_checks_the_version(clean_db: AsyncEngine) -> None:
    a = repo()
    await add_all(clean_db, a)
    async with AsyncSession(clean_db) as session:
        store = SqlaTrackedRepoStore(session)
        stale = repo()
        stale.id, stale.version = a.id, 3
        with pytest.raises(StaleVersion):
            await store.delete(stale)
        await store.delete(a)
        assert await store.get(a.id) is None


@pytest.fixture
async def catalogue(clean_db: AsyncEngine) -> list[TrackedRepo]:
    repos = [
        repo("alpha/zeta", stars=5, forks=1, language="Python", pushed_at=NOW - timedelta(days=1)),
        repo("alpha/Beta", stars=50, forks=9, language="Rust", pushed_at=None),
        repo("Gamma/delta", stars=5, forks=3, language="python", archived=True, pushed_at=NOW),
        repo("gamma/eta", stars=7, forks=3, language=None, pushed_at=NOW - timedelta(days=9)),
        repo("omega/iota", stars=0, forks=0, language="Go", pushed_at=NOW - timedelta(days=3)),
    ]
    await add_all(clean_db, *repos)
    return repos


async def _names(engine: AsyncEngine, query: RepoListQuery) -> tuple[list[str], int | None]:
    async with AsyncSession(engine) as session:
        page = await SqlaTrackedRepoStore(session).list(query)
    return [r.full_name for r in page.items], page.total


@pytest.mark.usefixtures("catalogue")
async def test_filters_are_case_insensitive_and_combine(clean_db: AsyncEngine) -> None:
    assert await _names(clean_db, RepoListQuery(owner="GAMMA")) == (["Gamma/delta", "gamma/eta"], 2)
    assert await _names(clean_db, RepoListQuery(language="PYTHON")) == (["Gamma/delta", "alpha/zeta"], 2)
    assert await _names(clean_db, RepoListQuery(language="python", archived=False)) == (["alpha/zeta"], 1)
    assert await _names(clean_db, RepoListQuery(owner="nobody")) == ([], 0)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ((SortKey(RepoSortField.NAME),), ["alpha/Beta", "Gamma/delta", "gamma/eta", "omega/iota", "alpha/zeta"]),
        (
            (SortKey(RepoSortField.STARS, True), SortKey(RepoSortField.NAME)),
            ["alpha/Beta", "gamma/eta", "Gamma/delta", "alpha/zeta", "omega/iota"],
        ),
        (
            (SortKey(RepoSortField.FORKS), SortKey(RepoSortField.STARS, True)),
            ["omega/iota", "alpha/zeta", "gamma/eta", "Gamma/delta", "alpha/Beta"],
        ),
        (
            (SortKey(RepoSortField.PUSHED_AT, True),),
            ["Gamma/delta", "alpha/zeta", "omega/iota", "gamma/eta", "alpha/Beta"],
        ),
    ],
)
async def test_sorts(clean_db: AsyncEngine, sort: tuple[SortKey[RepoSortField], ...], expected: list[str]) -> None:
    assert await _names(clean_db, RepoListQuery(sort=sort, limit=100)) == (expected, 5)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    "sort",
    [
        (SortKey(RepoSortField.STARS),),
        (SortKey(RepoSortField.STARS, True),),
        (SortKey(RepoSortField.FORKS), SortKey(RepoSortField.NAME, True)),
        (SortKey(RepoSortField.PUSHED_AT),),
    ],
)
async def test_keyset_pages_walk_the_same_order_as_offset(
    clean_db: AsyncEngine, sort: tuple[SortKey[RepoSortField], ...]
) -> None:
    everything, _ = await _names(clean_db, RepoListQuery(sort=sort, limit=100))
    walked: list[str] = []
    async with AsyncSession(clean_db) as session:
        store = SqlaTrackedRepoStore(session)
        page = await store.list(RepoListQuery(sort=sort, limit=2))
        walked += [r.full_name for r in page.items]
        while page.next is not None:
            page = await store.list(RepoListQuery(sort=sort, limit=2, after=page.next, with_total=False))
            assert page.total is None
            walked += [r.full_name for r in page.items]
    assert walked == everything


@pytest.mark.usefixtures("catalogue")
async def test_offset_pages(clean_db: AsyncEngine) -> None:
    names, total = await _names(clean_db, RepoListQuery(limit=2, offset=4))
    assert (names, total) == (["alpha/zeta"], 5)


async def test_claim_due_skips_rows_another_transaction_holds(clean_db: AsyncEngine) -> None:
    old = [repo(f"octo/r{i}", checked=NOW - timedelta(hours=2, minutes=i)) for i in range(4)]
    fresh = repo("octo/fresh", checked=NOW)
    await add_all(clean_db, *old, fresh)
    window = {"now": NOW, "checked_before": NOW - timedelta(hours=1), "claim_until": NOW + timedelta(minutes=10)}
    async with AsyncSession(clean_db) as first, AsyncSession(clean_db) as second:
        claimed_first = await SqlaTrackedRepoStore(first).claim_due(**window, limit=2)
        claimed_second = await SqlaTrackedRepoStore(second).claim_due(**window, limit=10)
        ids_first = {r.id for r in claimed_first}
        ids_second = {r.id for r in claimed_second}
    assert [r.full_name for r in claimed_first] == ["octo/r3", "octo/r2"]  # oldest check first
    assert not ids_first & ids_second
    assert ids_first | ids_second == {r.id for r in old}


async def test_a_committed_claim_keeps_others_off_until_saved_released_or_expired(clean_db: AsyncEngine) -> None:
    a, b, c = (repo(f"octo/{n}", checked=NOW - timedelta(hours=2)) for n in "abc")
    await add_all(clean_db, a, b, c)
    window = {"checked_before": NOW - timedelta(hours=1), "claim_until": NOW + timedelta(minutes=10)}
    async with AsyncSession(clean_db) as session:
        store = SqlaTrackedRepoStore(session)
        assert len(await store.claim_due(now=NOW, **window, limit=10)) == 3
        await session.commit()
        assert await store.claim_due(now=NOW + timedelta(minutes=5), **window, limit=10) == []
        a.record_not_modified(NOW)  # saved, but checked too recently to be due: stays out
        await store.save(a, expected_version=1)
        await store.release([b.id])
        await session.commit()
        again = await store.claim_due(now=NOW + timedelta(minutes=5), **window, limit=10)
        assert [r.id for r in again] == [b.id]
        await session.commit()
        expired = await store.claim_due(now=NOW + timedelta(minutes=11), **window, limit=10)
        assert {r.id for r in expired} == {b.id, c.id}


@pytest.mark.parametrize(
    "values",
    [
        "'-octo', 'x'",
        "'octo', '..'",
        "'octo', 'a b'",
        "'octo', 'a/b'",
        "'oc_to', 'x'",
    ],
)
async def test_database_rejects_invalid_names(clean_db: AsyncEngine, values: str) -> None:
    statement = (
        "INSERT INTO tracked_repos (id, owner, name, stars, forks, open_issues, watchers, default_branch, html_url,"
        f" archived, last_checked_at, last_changed_at) VALUES (gen_random_uuid(), {values}, 0, 0, 0, 0, 'main',"
        " 'u', false, now(), now())"
    )
    async with clean_db.connect() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(text(statement))


async def test_database_rejects_negative_counts(clean_db: AsyncEngine) -> None:
    statement = (
        "INSERT INTO tracked_repos (id, owner, name, stars, forks, open_issues, watchers, default_branch, html_url,"
        " archived, last_checked_at, last_changed_at) VALUES (gen_random_uuid(), 'o', 'n', -1, 0, 0, 0, 'main',"
        " 'u', false, now(), now())"
    )
    async with clean_db.connect() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(text(statement))
