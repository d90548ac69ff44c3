"""Structured JSON logs (structlog): one object per line, with the request id when there is one.

truemark's own events go straight from structlog to stderr, rendered by orjson (a request's log
line is on the hot path of every request); ``configure_logging`` also routes the standard
library's loggers (uvicorn, sqlalchemy) through a JSON formatter, so a log shipper reads one
format: ``event``, ``level``, ``logger``, ``timestamp`` and the bound context.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from typing import Any

import orjson
import structlog
from structlog.typing import FilteringBoundLogger, Processor

_COMMON: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,  # the stdlib logger's, or the StderrLogger's, name
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _json_line(event: dict[str, Any], default: Callable[[Any], Any]) -> str:
    """orjson for speed; the standard library for what orjson refuses (integers over 64 bits)."""
    try:
        return orjson.dumps(event, default=default).decode()
    except TypeError:
        return json.dumps(event, default=default)


class StderrLogger:
    """Writes each rendered line to whatever ``sys.stderr`` is at the time (tests swap it)."""

    def __init__(self, name: str = "") -> None:
        self.name = name

    def msg(self, message: str) -> None:
        sys.stderr.write(message + "\n")  # stderr is line-buffered: one write, one flush

    debug = info = warning = error = critical = exception = msg


def _stderr_logger(name: str = "", *_args: Any) -> StderrLogger:
    return StderrLogger(name)


def _foreign_formatter() -> logging.Formatter:
    """JSON lines for records of the standard library's loggers."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_COMMON,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=_json_line),
        ],
    )


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stderr as one JSON object per line."""
    structlog.configure(
        processors=[
            *_COMMON,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(serializer=_json_line),
        ],
        logger_factory=_stderr_logger,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_foreign_formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # requests are logged by the middleware


def get_logger(name: str) -> FilteringBoundLogger:
    """A logger whose events carry ``logger=name`` and the bound context (request id, ...)."""
    logger: FilteringBoundLogger = structlog.get_logger(name)  # made on first use
    return logger
