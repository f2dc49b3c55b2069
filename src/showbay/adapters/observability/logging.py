"""One logging pipeline for the whole process: structlog renders its own events AND every stdlib record.

Any module may log with ``logging.getLogger("showbay.whatever")`` or ``structlog.get_logger()``; both end
in the same handler, as JSON lines (production) or a pretty console (``make run``), with the id of the
request being served added from ``adapters/request_context.py``.

Every line, whichever logger wrote it (showbay's, its children, SQLAlchemy, psycopg, uvicorn, Litestar), passes
``redact_secrets`` last, after exceptions are rendered: no token, API key or password in any field. Tracebacks
never carry frame locals (they hold request headers and DSNs).
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType
from typing import Any, Literal

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from showbay.adapters.redaction import is_secret_key, redact_value
from showbay.adapters.request_context import current_request_id

LogFormat = Literal["json", "console"]

_HANDLER_NAME = "showbay"
# Libraries whose own handlers would print a second copy of a line, or which are too chatty at INFO.
_PROPAGATE_ONLY = ("uvicorn", "uvicorn.error", "granian", "litestar")
_QUIET = {
    "uvicorn.access": logging.CRITICAL + 1,  # the app writes the access line (observability/access.py)
    "showbay.adapters.observability.db_pool": logging.WARNING,  # SQLAlchemy's per-pool INFO chatter
    "showbay.adapters.persistence.availability": logging.WARNING,  # the same, for pools outside the app
}
_DROPPED_KEYS = ("color_message",)  # uvicorn's ANSI-coloured duplicate of the message


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is at emit time (test runners swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _: Any) -> None:
        pass


def add_request_id(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Add the id of the request being served (if any) unless the event carries one already."""
    if "request_id" not in event_dict and (request_id := current_request_id()) is not None:
        event_dict["request_id"] = request_id
    return event_dict


def drop_noise(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    for key in _DROPPED_KEYS:
        event_dict.pop(key, None)
    return event_dict


def redact_secrets(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Mask secrets in every field of the event (message, arguments, extras, the rendered exception)."""
    return {key: "***" if is_secret_key(key) else redact_value(value) for key, value in event_dict.items()}


# structlog's dict_tracebacks shows frame locals by default: the ASGI scope, api_key, psycopg's conninfo.
_exception_as_dict = structlog.processors.ExceptionRenderer(
    structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
)


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        add_request_id,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def _renderer(log_format: LogFormat) -> Processor:
    if log_format == "console":
        # The exception is already a (redacted) string: no rich traceback, which would render locals.
        return structlog.dev.ConsoleRenderer(
            colors=sys.stdout.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    return structlog.processors.JSONRenderer()


class _JsonFormatter(structlog.stdlib.ProcessorFormatter):
    """A record that renders its own JSON line (``json_line()``, the access line of every request:
    adapters/observability/access.py) skips the processors; every other record goes through them."""

    def format(self, record: logging.LogRecord) -> str:
        json_line = getattr(record, "json_line", None)
        return str(json_line()) if callable(json_line) else super().format(record)


def build_formatter(log_format: LogFormat) -> logging.Formatter:
    """The stdlib formatter that renders structlog events and plain ``logging`` records alike."""
    tail: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    tail.append(_exception_as_dict if log_format == "json" else structlog.processors.format_exc_info)
    tail += [redact_secrets, _renderer(log_format)]
    formatter = _JsonFormatter if log_format == "json" else structlog.stdlib.ProcessorFormatter
    return formatter(
        foreign_pre_chain=[*_shared_processors(), structlog.stdlib.ExtraAdder(), drop_noise],
        processors=tail,
    )


def _log_uncaught(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
    """Python's own last resort writes tracebacks to stderr, past the pipeline: route them through it."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    logging.getLogger("showbay.uncaught").critical("uncaught exception", exc_info=(kind, error, traceback))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
    logging.getLogger("showbay.uncaught").critical("uncaught exception in thread %s", name, exc_info=exc_info)


def configure_logging(level: str = "INFO", log_format: str = "json", stream: Any = None) -> None:
    """Idempotent: (re)installs showbay's handler on the root logger and leaves other handlers alone."""
    fmt: LogFormat = "console" if log_format == "console" else "json"
    structlog.configure(
        processors=[
            *_shared_processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else _StdoutHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(build_formatter(fmt))
    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _PROPAGATE_ONLY:
        library = logging.getLogger(name)
        library.handlers.clear()
        library.propagate = True
    for name, quiet_level in _QUIET.items():
        logging.getLogger(name).setLevel(quiet_level)
    logging.captureWarnings(True)  # warnings, too, pass the pipeline (and its redaction)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
