"""Run a read on another thread now and take its result later.

Opening a long document, the GUI reads its span index while Qt lays out the text (Qt
releases Python's lock while it does, and SQLite while it steps), so the two overlap
instead of adding up. The read must touch nothing the calling thread uses: its own
database connection, its own objects. Python's cycle collector stays paused while it runs:
a collection started by the read's allocations would run on its thread and could delete
Qt objects of the GUI thread there.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")

_pause_lock = threading.Lock()
_pauses = 0  # collector_paused() blocks running now, in any thread
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the block, in every thread; nested and
    overlapping blocks (the GUI thread's and a background read's) turn it back on only
    when the last one ends, and only if it was on before the first."""
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


class BackgroundRead(Generic[T]):
    """A read started on a daemon thread at once; `result()` waits for it."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._value: T | None = None
        self._error: BaseException | None = None
        self._pause = collector_paused()
        self._pause.__enter__()  # from here, not from when the thread gets to run
        self._thread = threading.Thread(target=self._run, name="background-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._read()
        except BaseException as error:  # handed to the caller of result()
            self._error = error
        finally:
            self._pause.__exit__(None, None, None)

    def result(self) -> T:
        """Wait for the read; return its value or raise its exception."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
