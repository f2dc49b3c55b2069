"""How one upstream is called: where, how long to wait, how often to retry, when to stop trying."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UpstreamPolicy:
    """The resilience settings of one upstream. Times are in seconds.

    ``attempt_timeout`` bounds one attempt (connect + response), ``budget`` bounds the whole call including
    retries and back-off sleeps: no attempt starts and no sleep begins that would end past it.
    """

    name: str
    base_url: str
    connect_timeout: float = 2.0
    attempt_timeout: float = 5.0
    max_attempts: int = 3
    backoff_initial: float = 0.2
    backoff_max: float = 2.0
    budget: float = 10.0
    breaker_threshold: int = 5
    breaker_cooldown: float = 30.0
    max_connections: int = 20
    user_agent: str = "showbay"
    hands_back: Callable[[int, Mapping[str, str]], bool] | None = None
    """Answers (status, headers) the caller interprets itself although they would be retried (e.g. GitHub's
    rate-limit 429s: retrying them only spends the limit). They are returned like any final answer."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.connect_timeout, self.attempt_timeout, self.budget) <= 0:
            raise ValueError("timeouts and the budget must be positive")
        if self.breaker_threshold < 1 or self.breaker_cooldown <= 0:
            raise ValueError("the breaker threshold must be at least 1 and its cool-down positive")

    def url(self, path: str) -> str:
        """``base_url`` joined with an absolute ``path`` (``/posts/1``)."""
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")
