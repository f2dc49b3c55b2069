"""FakeUpstream on an event loop of its own, in a thread.

Litestar's test clients (also ``AsyncTestClient``) run the app through a blocking portal in another thread
and block the test's loop while a request is in flight, so a fake upstream served by the test's loop could
never answer the app. This one can.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.fakes_upstream import FakeUpstream


async def _started() -> FakeUpstream:
    fake = FakeUpstream()
    await fake.start()
    return fake


@contextmanager
def threaded_fake_upstream() -> Iterator[FakeUpstream]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-upstream", daemon=True)
    thread.start()
    try:
        fake = asyncio.run_coroutine_threadsafe(_started(), loop).result(timeout=10)
        try:
            yield fake
        finally:
            asyncio.run_coroutine_threadsafe(fake.close(), loop).result(timeout=10)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
