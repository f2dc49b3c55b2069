"""The outbound side shared by every upstream client (JSONPlaceholder, GitHub, ...).

One ``UpstreamClient`` per upstream wraps one long-lived aiohttp ``ClientSession`` with timeouts, tenacity retries
for idempotent requests, a circuit breaker, msgspec decoding, request-id forwarding, logging and observer hooks.
Failures leave this package only as ``application.errors.Upstream*`` errors.
"""

from showbay.adapters.outbound.breaker import BreakerCircuit, BreakerState, CircuitBreaker, CircuitOpen, MonotonicClock
from showbay.adapters.outbound.client import UpstreamClient, UpstreamResponse, create_client_session, open_upstream
from showbay.adapters.outbound.observer import (
    AttemptEvent,
    AttemptOutcome,
    CompositeObserver,
    NullObserver,
    OutboundCounters,
    OutboundObserver,
)
from showbay.adapters.outbound.policy import UpstreamPolicy

__all__ = [
    "AttemptEvent",
    "AttemptOutcome",
    "BreakerCircuit",
    "BreakerState",
    "CircuitBreaker",
    "CircuitOpen",
    "CompositeObserver",
    "MonotonicClock",
    "NullObserver",
    "OutboundCounters",
    "OutboundObserver",
    "UpstreamClient",
    "UpstreamPolicy",
    "UpstreamResponse",
    "create_client_session",
    "open_upstream",
]
