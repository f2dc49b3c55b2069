"""In-memory fakes of the idempotency ports."""

from __future__ import annotations

from datetime import datetime

from showbay.application.idempotency.keys import StoredAnswer


class FakeIdempotencyStore:
    """Answers in a dict; ``locked`` holds the keys another unit of work has taken."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], StoredAnswer] = {}
        self.locked: set[tuple[str, str]] = set()
        self.pending: list[StoredAnswer] = []
        """Saved in the unit of work, not yet committed."""

    async def lock(self, principal_id: str, key: str) -> bool:
        return (principal_id, key) not in self.locked

    async def find(self, principal_id: str, key: str, now: datetime) -> StoredAnswer | None:
        found = self.answers.get((principal_id, key))
        return found if found is not None and found.expires_at > now else None

    async def save(self, answer: StoredAnswer) -> None:
        self.pending.append(answer)

    async def purge_expired(self, now: datetime, batch_size: int) -> int:
        doomed = [k for k, a in self.answers.items() if a.expires_at <= now][:batch_size]
        for k in doomed:
            del self.answers[k]
        return len(doomed)


class FakeRequestTransaction:
    """Commits move the store's pending answers into it; ``held`` tells whether commits were held."""

    def __init__(self, store: FakeIdempotencyStore) -> None:
        self.store = store
        self.held = False
        self.commits = 0

    def hold_commits(self) -> None:
        self.held = True

    async def commit_held(self) -> None:
        self.held = False
        self.commits += 1
        for answer in self.store.pending:
            self.store.answers[(answer.request.principal_id, answer.request.key)] = answer
        self.store.pending.clear()
