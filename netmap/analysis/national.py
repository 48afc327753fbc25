"""One analysis over many municipalities, spread over the machine's cores.

A prefecture or the ministry runs the same question (gaps, brokers) over hundreds of
datasets; each is independent of the others, so they are read and analysed in separate
worker processes, one dataset at a time, and the results come back in the order given —
the same values as a serial run (tests/test_national.py runs both and compares).

Workers are started with ``forkserver`` (``spawn`` where there is none): a fresh interpreter
that imports netmap once, never a ``fork`` of a parent that may hold threads (a Neo4j driver,
a Chromium pipe) or a large graph it would copy.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar, cast

from netmap.errors import DatasetError, NetmapError
from netmap.model import Network

__all__ = ["map_datasets", "gaps_and_brokers", "default_jobs", "chunked", "prepare_worker",
           "WORKER_GC_THRESHOLDS"]

R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may run on (``os.sched_getaffinity``), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def gaps_and_brokers(net: Network) -> dict[str, Any]:
    """``{"slug", "gaps", "brokers"}``: :func:`~netmap.analysis.gaps.gaps` and
    :func:`~netmap.analysis.brokers.brokers` of one network with their default settings
    (the national run of issue 19)."""
    from netmap.analysis.brokers import brokers
    from netmap.analysis.gaps import gaps

    return {"slug": net.slug, "gaps": gaps(net), "brokers": brokers(net)}


def _run(task: Callable[[Network], R], path: Path) -> tuple[R | None, str | None]:
    """Load ``path`` and apply ``task``; a dataset that does not load comes back as its
    message (an exception with its own constructor may not survive pickling)."""
    from netmap.io.dataset import load_dataset

    try:
        net = load_dataset(path)
    except NetmapError as exc:
        return None, str(exc)
    return task(net), None


def _run_chunk(task: Callable[[Network], R], paths: list[Path]
               ) -> list[tuple[R | None, str | None]]:
    return [_run(task, p) for p in paths]


#: The collector's thresholds in a worker (default 700, 10, 10): see :func:`prepare_worker`.
WORKER_GC_THRESHOLDS = (20_000, 20, 100)


def prepare_worker() -> None:
    """Set up a worker process: freeze what importing netmap made and collect less often.

    An analysis allocates millions of short-lived dicts, lists and tuples (rows, tie maps,
    rank drops) that reference counting frees as soon as they are dropped; with the default
    thresholds the cyclic collector still walks the young objects every 700 allocations and
    the whole heap — modules, taxonomy, the network being analysed — every 100 young passes.
    ``gc.freeze`` moves the objects alive after the imports out of every pass, and
    :data:`WORKER_GC_THRESHOLDS` spaces the passes out (cycles are still collected). On the
    national synthetic set this took 8 % of the workers' CPU (109.5 → 100.8 s, same machine,
    consecutive runs; ``benchmarks/analysis_bench.py``); peak memory 0.32 GB (0.22 before). Only the
    workers :func:`map_datasets` starts are touched, never the caller's process.
    """
    import gc

    import netmap.analysis.brokers  # noqa: F401 - imported before freezing, once
    import netmap.analysis.gaps  # noqa: F401
    import netmap.io.dataset  # noqa: F401

    gc.collect()
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def map_datasets(task: Callable[[Network], R], paths: Iterable[Path | str],
                 jobs: int | None = None) -> Iterator[tuple[Path, R]]:
    """``(path, task(load_dataset(path)))`` for every path, in the given order.

    Parameters
    ----------
    task : callable
        A function of one :class:`~netmap.model.Network` defined at module level (workers
        import it by name), returning picklable plain data.
    paths : iterable of path
        Dataset folders or workbooks (:func:`netmap.io.dataset.dataset_paths`).
    jobs : int, optional
        Worker processes; default every core (:func:`default_jobs`); 1 runs in this process.

    Raises
    ------
    DatasetError
        For the first dataset (in the given order) that does not load, naming its path and
        its problems; the results before it have been yielded.

    Notes
    -----
    Datasets go to the workers in small chunks (:func:`chunked`) so that a few big cities do
    not leave one core idle at the end, and the results of the ones
    already yielded are let go, so memory stays that of ``jobs`` municipalities plus the
    results the caller keeps.
    """
    todo = [Path(p) for p in paths]
    jobs = min(jobs or default_jobs(), max(1, len(todo)))
    if jobs == 1:
        results: Iterable[tuple[R | None, str | None]] = (_run(task, p) for p in todo)
        yield from _checked(todo, results)
        return
    chunks = chunked(todo, jobs)
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=prepare_worker)
    try:
        parts = pool.map(_run_chunk, [task] * len(chunks), chunks)
        yield from _checked(todo, (r for part in parts for r in part))
    finally:  # an error or a caller that stops early: drop the work not yet started
        pool.shutdown(wait=True, cancel_futures=True)


def chunked(paths: list[Path], jobs: int) -> list[list[Path]]:
    """The paths in order, cut into about 64 chunks per worker, handed out as workers free
    up: with 16 (the first scheme) one chunk of the nation was ≈ 54 municipalities, seconds of
    work, and the last chunk left the other core idle that long; a chunk still costs only
    one round trip of pickled results.

    >>> [len(c) for c in chunked([Path(str(i)) for i in range(300)], 2)]  # doctest: +ELLIPSIS
    [2, 2, ..., 2]
    """
    size = max(1, len(paths) // (jobs * 64))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _checked(paths: list[Path], results: Iterable[tuple[R | None, str | None]]
             ) -> Iterator[tuple[Path, R]]:
    for path, (value, error) in zip(paths, results, strict=True):
        if error is not None:
            raise DatasetError(f"{path}: {error}")
        yield path, cast(R, value)
