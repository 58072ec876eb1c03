"""A read on another thread: its result or its error comes back, and the cycle collector
stays off until the last overlapping pause ends (a collection on the read's thread could
delete Qt objects of the GUI thread there)."""

from __future__ import annotations

import gc
import threading

import pytest

from annotator.background import BackgroundRead, collector_paused


def test_the_result_or_the_error_comes_back() -> None:
    assert BackgroundRead(lambda: 42).result() == 42

    def fail() -> int:
        raise ValueError("unreadable")

    with pytest.raises(ValueError, match="unreadable"):
        BackgroundRead(fail).result()


def test_overlapping_pauses_turn_the_collector_on_only_after_the_last() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # not nested: the first ends while the second runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_the_collector_is_off_while_a_read_runs() -> None:
    release = threading.Event()
    read = BackgroundRead(lambda: (gc.isenabled(), release.wait(5))[0])
    assert not gc.isenabled()
    release.set()
    assert read.result() is False
    read._thread.join()
    assert gc.isenabled()
