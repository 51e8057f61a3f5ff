"""The one progress helper: counts articles, events and failures on a single stderr line, silent when piped."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts coded articles, events and failed articles; redraws one line on a terminal at most 10 times a second."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, interval: float = 0.1):
        self.stream = sys.stderr if stream is None else stream
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.interval = interval
        self.articles = 0
        self.events = 0
        self.failed = 0
        self._started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False
        self._status = None

    def __enter__(self) -> "Progress":
        global _active
        _active = self
        return self

    def __exit__(self, *exc: object) -> None:
        global _active
        if _active is self:
            _active = None
        self.close()

    def coded(self, events: int) -> None:
        """One article coded, with this many events."""
        self.articles += 1
        self.events += events
        self._tick()

    def update(self, status) -> None:
        """Show another stage's counts instead: anything with `read` and a one-line `line()` (an ingest summary)."""
        self._status = status
        self.articles = status.read
        self._tick()

    def failure(self, message: str) -> None:
        """One article failed: print its one-line message above the progress line."""
        self.failed += 1
        self.message(message)

    def message(self, text: str) -> None:
        """Print a line on the stream without breaking the progress line."""
        self._clear()
        self.stream.write(text + "\n")
        self.stream.flush()
        self._tick(force=True)

    def summary(self) -> str:
        if self._status is not None:
            return self._status.line()
        return f"coded {self.articles} articles, {self.events} events, {self.failed} failed"

    def close(self) -> None:
        self._clear()

    def _tick(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        elapsed = max(now - self._started, 1e-9)
        rate = self.articles / elapsed
        self.stream.write(f"\r{self.summary()} ({rate:.1f} articles/s)\x1b[K")
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


_active: Progress | None = None


def clear_line() -> None:
    """Clear the progress line, if one is showing, so another line (a log message) can be written; it comes back on the next update."""
    if _active is not None:
        _active._clear()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
