"""Secrets never reach the logs: credentials in URLs, bearer tokens, API keys, JWTs and passwords are masked.

``redact`` rewrites a text; ``redact_value`` walks any log field (nested dicts, lists, tuples, the structured
traceback of ``dict_tracebacks``) and also masks whole values whose key names a secret. The log pipeline
(adapters/observability/logging.py) runs it as the last processor before rendering, so every line passes it,
whichever logger wrote it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

MASK = "***"
_PATTERNS = (
    # scheme://user:password@host → scheme://user:***@host
    (re.compile(r"(?P<keep>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(?=@)"), rf"\g<keep>{MASK}"),
    (re.compile(r"(?i)(?P<keep>bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\g<keep>{MASK}"),
    (re.compile(r"\bsbk_[a-z0-9]{10}_[A-Za-z0-9_-]+"), f"sbk_{MASK}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), f"jwt:{MASK}"),
    (
        re.compile(
            r"(?i)(?P<keep>(?:password|passwd|secret|api[_-]?key|token|authorization)[\"']?\s*[=:]\s*[\"']?)"
            r"[^\s\"',;&]+"
        ),
        rf"\g<keep>{MASK}",
    ),
)
# A field (or header) whose name says it holds a secret is masked whole, whatever its value looks like.
_SECRET_KEY = re.compile(
    r"(?i)(password|passwd|secret|authorization|cookie|api[_-]?key|credential|conninfo|(?:^|[_-])token$|^dsn$)"
)


# Every log line passes ``redact``: substrings that any pattern needs, so that the common line (nothing
# secret, no URL) costs a few substring scans instead of a regex pass per pattern.
_MARKERS = re.compile("://|bearer|sbk_|eyj|passw|secret|api.?key|token|authoriz")  # on the lowered text


def redact(text: str) -> str:
    if _MARKERS.search(text.lower()) is None:
        return text
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


@functools.lru_cache(maxsize=1024)
def _is_secret_name(name: str) -> bool:
    return _SECRET_KEY.search(name) is not None


def is_secret_key(key: object) -> bool:
    name = key.decode("latin-1") if isinstance(key, bytes) else key
    return isinstance(name, str) and _is_secret_name(name)


_PLAIN = frozenset({int, float, bool})


def redact_value(value: object) -> object:
    """``value`` with every secret masked; containers are copied, other scalars returned as they are."""
    if isinstance(value, str | bytes):
        return redact(value if isinstance(value, str) else value.decode("utf-8", errors="replace"))
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, dict | Mapping):
        return {k: MASK if is_secret_key(k) else redact_value(v) for k, v in value.items()}
    if isinstance(value, tuple) and len(value) == 2 and is_secret_key(value[0]):
        return [redact_value(value[0]), MASK]  # an ASGI header pair (b"authorization", b"Bearer ...")
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(item) for item in value]
    return value
