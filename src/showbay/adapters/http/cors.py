"""CORS for browser frontends on the allowed origins: every request header the API reads may be sent, and every
response header it sets for clients may be read (without ``expose_headers`` a page sees ``ETag`` as ``null`` and
cannot send ``If-Match``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from litestar.config.cors import CORSConfig

REQUEST_HEADERS = (
    "Authorization",
    "X-API-Key",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Idempotency-Key",
    "X-Request-ID",
)
RESPONSE_HEADERS = ("ETag", "Location", "X-Request-ID")


def cors_config(origins: Sequence[str], rate_limit_headers: Iterable[str]) -> CORSConfig:
    """``rate_limit_headers``: the ``RateLimit-*`` and ``Retry-After`` names the limiter sends."""
    return CORSConfig(
        allow_origins=list(origins),
        allow_headers=list(REQUEST_HEADERS),
        expose_headers=[*RESPONSE_HEADERS, *rate_limit_headers],
        max_age=600,
    )
