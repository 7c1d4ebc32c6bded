"""Work shared with a forked process: chunks of one job, taken from both ends, while this process does other work."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# What the forked process inherits: the function that renders a chunk (closures are inherited, never pickled).
_inherited: dict = {}


def can_fork() -> bool:
    """A second process helps: more than one core, and processes that start as copies of this one."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _take(lock, front, back, from_front: bool) -> int | None:
    """The next chunk nobody took: the first one left, or the last one left; None when none is left."""
    with lock:
        if front.value >= back.value:
            return None
        if from_front:
            front.value += 1
            return front.value - 1
        back.value -= 1
        return back.value


def _fork_side(sender, lock, front, back) -> None:
    """In the forked process: chunks from the front until none is left, sent back once all are done (sending earlier
    would wait for the busy parent to read), or what went wrong."""
    try:
        done = []
        while (chunk := _take(lock, front, back, from_front=True)) is not None:
            done.append(pickle.dumps(_inherited["work"](chunk), pickle.HIGHEST_PROTOCOL))
        sender.send(len(done))
        for result in done:
            sender.send_bytes(result)
    except BaseException:
        sender.send(traceback.format_exc())
    finally:
        sender.close()


@contextmanager
def shared(chunks: int, work: Callable[[int], dict]) -> Iterator[Callable[[], dict]]:
    """Do work(0) … work(chunks - 1) and merge their dicts: a forked process starts at once from the first chunk; the
    function this yields takes the rest from the last one, then merges what both did."""
    context = multiprocessing.get_context("fork")
    lock, front, back = context.Lock(), context.RawValue("i", 0), context.RawValue("i", chunks)
    receiver, sender = context.Pipe(duplex=False)
    _inherited["work"] = work
    process = context.Process(target=_fork_side, args=(sender, lock, front, back), daemon=True)
    try:
        process.start()
        sender.close()

        def results() -> dict:
            merged: dict = {}
            while (chunk := _take(lock, front, back, from_front=False)) is not None:
                merged.update(work(chunk))
            count = receiver.recv()
            if isinstance(count, str):
                raise RuntimeError(f"el otro proceso no pudo terminar su parte:\n{count}")
            for _ in range(count):
                merged.update(pickle.loads(receiver.recv_bytes()))
            return merged

        yield results
    finally:
        _inherited.clear()
        receiver.close()
        process.join()
