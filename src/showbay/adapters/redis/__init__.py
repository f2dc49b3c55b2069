"""Redis adapters: the shared rate-limit and failed-credential counts and the readiness probe.

Imported only when REDIS_URL is set (``bootstrap/abuse_limits.py``, ``bootstrap/providers/redis.py``): the client
and what it loads cost every worker ~8 MB of memory that a process without Redis does not pay."""
