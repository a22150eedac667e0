"""The one worker pool: forked processes, as many as ``--jobs`` says, for every parallel part.

Workers are forked so they share what the parent prepared (a compiled rule pack cannot be
pickled): the state handed to :func:`imap` is inherited, never sent. Only each item and each
result cross the process boundary, so results should be compact (:mod:`.compact`).
``--jobs 1`` means no pool at all: the work runs in this process. So does a run with fewer
items than the pool would pay for, or a platform that cannot fork.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: below this many files a worker pool costs more than it saves
PARALLEL_MIN_FILES = 48

#: in a worker process only: (work, state) that :func:`_initialise` installed when it forked
_TASK: tuple[Callable[[Any, Any], Any], Any] | None = None


def workers(jobs: int | None) -> int:
    """``--jobs``, or every core when it was not given."""
    return jobs if jobs is not None else (os.cpu_count() or 1)


def pool_size(jobs: int | None, items: int, min_items: int | None = None) -> int:
    """How many worker processes to fork for ``items`` items: 0 means "do it here"."""
    count = workers(jobs)
    least = PARALLEL_MIN_FILES if min_items is None else min_items
    if count <= 1 or items < least or not _can_fork():
        return 0
    return count


def imap(work: Callable[[S, T], R], state: S, items: Sequence[T], processes: int) -> Iterator[R]:
    """``work(state, item)`` for each item in ``processes`` forked workers, results in order.

    ``work`` and ``state`` reach the workers by inheritance (fork), not by pickling. The pool
    ends when the iterator is exhausted or closed.
    """
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(processes, initializer=_initialise, initargs=(work, state)) as pool:
        chunk = max(1, min(64, len(items) // (processes * 8)))
        yield from pool.imap(_run, items, chunksize=chunk)


def _initialise(work: Callable[[Any, Any], Any], state: Any) -> None:
    global _TASK
    _TASK = (work, state)


def _run(item: Any) -> Any:
    assert _TASK is not None, "a pool task outside a worker"
    work, state = _TASK
    return work(state, item)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
