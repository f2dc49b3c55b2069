"""Secrets never reach the logs: credentials in URLs, bearer tokens, API keys and JWTs are masked."""

from __future__ import annotations

import logging
import re

MASK = "***"
_PATTERNS = (
    # scheme://user:password@host → scheme://user:***@host
    (re.compile(r"(?P<keep>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)[^@\s/]+(?=@)"), rf"\g<keep>{MASK}"),
    (re.compile(r"(?i)(?P<keep>bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\g<keep>{MASK}"),
    (re.compile(r"\bsbk_[a-z0-9]{10}_[A-Za-z0-9_-]+"), f"sbk_{MASK}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), f"jwt:{MASK}"),
    (
        re.compile(r"(?i)(?P<keep>(?:password|secret|api[_-]?key|token)[\"']?\s*[=:]\s*[\"']?)[^\s\"',;&]+"),
        rf"\g<keep>{MASK}",
    ),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and exception text) with the secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


PROTECTED_LOGGERS = ("showbay", "showbay.http", "showbay.audit", "showbay.security", "uvicorn.error", "uvicorn.access")


def install_redaction(names: tuple[str, ...] = PROTECTED_LOGGERS) -> None:
    """Attach the filter to the loggers showbay and its server write to (idempotent)."""
    for name in names:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())
