"""Streamed exports: output.WRITERS run in a worker thread, their text handed to the response in chunks.

The writers push text into a file; a response pulls bytes. A bounded queue joins the two, so an export
of any size holds only a few chunks in memory, and a client that goes away stops the writer.
"""

from __future__ import annotations

import io
import logging
import queue
import threading
from typing import Iterator

from newsevents.output import WRITERS
from newsevents.store import EventFilter, Store

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "stream_export"]

# format -> (media type, file suffix); the text formats `newsevents export` offers.
FORMATS: dict[str, tuple[str, str]] = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
CHUNK_CHARS = 64 * 1024
QUEUE_CHUNKS = 8
_DONE = object()


class _Cancelled(Exception):
    """The client went away; the writer thread stops."""


class _QueueFile(io.TextIOBase):
    """A text file whose writes become UTF-8 chunks on a queue."""

    def __init__(self, chunks: queue.Queue, stop: threading.Event):
        self._chunks = chunks
        self._stop = stop
        self._parts: list[str] = []
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            _put(self._chunks, "".join(self._parts).encode("utf-8"), self._stop)
            self._parts, self._size = [], 0


def _put(chunks: queue.Queue, item: object, stop: threading.Event) -> None:
    while True:
        if stop.is_set():
            raise _Cancelled()
        try:
            chunks.put(item, timeout=0.5)
            return
        except queue.Full:
            continue


def stream_export(store: Store, where: EventFilter, fmt: str) -> Iterator[bytes]:
    """The export's bytes, written by a thread that owns `store` (a read-only Store) and closes it."""
    writer = WRITERS[fmt]
    chunks: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
    stop = threading.Event()

    def produce() -> None:
        try:
            out = _QueueFile(chunks, stop)
            n = writer(store.events(where), out)
            out.flush()
            logger.info("export %s: %s events", fmt, n)
        except _Cancelled:
            logger.info("export %s: client went away", fmt)
        except Exception:  # the status line is sent: all that is left to do is log and end the body
            logger.exception("export %s failed part way", fmt)
        finally:
            store.close()
            try:
                _put(chunks, _DONE, stop)
            except _Cancelled:
                pass

    thread = threading.Thread(target=produce, name=f"export-{fmt}", daemon=True)

    def body() -> Iterator[bytes]:
        thread.start()
        try:
            while True:
                item = chunks.get()
                if item is _DONE:
                    return
                yield item  # type: ignore[misc]
        finally:
            stop.set()

    return body()
