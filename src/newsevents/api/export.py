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

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from newsevents.output import WRITERS
from newsevents.store import EventFilter, Store

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "ExportResponse", "stream_export"]

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


class _Export:
    """One export: a writer thread that owns `store` (a read-only Store) and fills `chunks`, and the
    generator that hands them to the response. `stop` ends both, whoever sets it."""

    def __init__(self, store: Store, where: EventFilter, fmt: str):
        self.store, self.where, self.fmt = store, where, fmt
        self.chunks: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._produce, name=f"export-{fmt}", daemon=True)

    def _produce(self) -> None:
        try:
            out = _QueueFile(self.chunks, self.stop)
            n = WRITERS[self.fmt](self.store.events(self.where), out)
            out.flush()
            logger.info("export %s: %s events", self.fmt, n)
        except _Cancelled:
            logger.info("export %s: client went away", self.fmt)
        except Exception:  # the status line is sent: all that is left to do is log and end the body
            logger.exception("export %s failed part way", self.fmt)
        finally:
            self.store.close()
            try:
                _put(self.chunks, _DONE, self.stop)
            except _Cancelled:
                pass

    def body(self) -> Iterator[bytes]:
        self.thread.start()
        try:
            while not self.stop.is_set():
                try:
                    item = self.chunks.get(timeout=0.5)  # never block for good: the response may be gone
                except queue.Empty:
                    continue
                if item is _DONE:
                    return
                yield item  # type: ignore[misc]
        finally:
            self.stop.set()

    def close(self) -> None:
        """The response is over, however it ended: the writer stops, and the store closes even if never used."""
        self.stop.set()
        if not self.thread.is_alive() and self.thread.ident is None:
            self.store.close()


def stream_export(store: Store, where: EventFilter, fmt: str) -> Iterator[bytes]:
    """The export's bytes, written by a thread that owns `store` (a read-only Store) and closes it."""
    return _Export(store, where, fmt).body()


class ExportResponse(StreamingResponse):
    """A streamed export whose writer stops as soon as the response ends: done, failed, or the client gone.

    A client that disconnects leaves the generator suspended in a worker thread, never closed; without this,
    each such export would keep a writer thread, a worker thread and a store connection for good.
    """

    def __init__(self, store: Store, where: EventFilter, fmt: str, **kwargs):
        self._export = _Export(store, where, fmt)
        super().__init__(self._export.body(), **kwargs)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._export.close()
