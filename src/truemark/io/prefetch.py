"""Read ahead: the next raw batch is read on a background thread while this one is validated.

pyarrow decodes Parquet, CSV and JSON without holding the GIL, so reading and validating
overlap on two cores. At most ``depth`` batches wait, so memory stays bounded.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any, TypeVar

Item = TypeVar("Item")
POLL_SECONDS = 0.1


def read_ahead(items: Iterator[Item], depth: int = 2) -> Iterator[Item]:
    """The same items in the same order, produced by a background thread.

    An exception raised while producing is raised here, at the point it was reached; when the
    consumer stops early, the thread stops at its next item.
    """
    waiting: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(kind: str, value: Any) -> bool:
        while not stop.is_set():
            try:
                waiting.put((kind, value), timeout=POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over("item", item):
                    return
            hand_over("done", None)
        except BaseException as error:  # handed to the consumer, raised there
            hand_over("error", error)

    thread = threading.Thread(target=produce, name="truemark-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = waiting.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()
