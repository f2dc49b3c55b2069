"""Where the test session's Redis comes from: TEST_REDIS_URL or REDIS_URL, else a redis-server on a free port.

Without either the Redis tests skip on a laptop, and fail under ``CI=true``: CI must not pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class NoRedis(RuntimeError):
    pass


@contextmanager
def test_redis_url() -> Iterator[str]:
    if url := os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise NoRedis("no REDIS_URL/TEST_REDIS_URL and no redis-server binary (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def redis_or_skip() -> Iterator[str]:
    """``test_redis_url``, or a skip when there is no Redis; under ``CI=true`` a failure instead of the skip."""
    try:
        with test_redis_url() as url:
            yield url
    except NoRedis as exc:
        if os.environ.get("CI", "").strip().lower() in {"true", "1"}:
            pytest.fail(f"CI is set, so the Redis tests must run: {exc}", pytrace=False)
        pytest.skip(str(exc))
