"""A worker without REDIS_URL does not load the Redis client (~8 MB of memory per worker, docs/performance.md):
the Redis adapters are imported only when Redis is configured."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from showbay.bootstrap.serving import create_worker_app
create_worker_app()
print(",".join(sorted(name for name in ("redis", "showbay.adapters.redis") if name in sys.modules)))
"""


def loaded_after_building_the_worker_app(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environment |= {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none", "JWT_SECRET": "x" * 40} | env
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def test_without_redis_url_no_redis_module_is_loaded() -> None:
    assert loaded_after_building_the_worker_app() == ""


def test_with_redis_url_the_redis_adapters_are_loaded() -> None:
    assert loaded_after_building_the_worker_app(REDIS_URL="redis://127.0.0.1:1/0") == "redis,showbay.adapters.redis"
