"""Shared by the benchmarks: the synthetic national set, written once and reused, and peak
memory."""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netmap.synth import write_synth  # noqa: E402


def synthetic_set(n: int, seed: int, data: Path | None) -> tuple[list[Path], float | None]:
    """The folders of the synthetic set ``(n, seed)`` and the seconds it took to write them.

    With ``data``, a set already written there for the same ``n`` and ``seed`` (its
    ``.synth.json`` marker says so) is reused and the seconds are None; otherwise the set is
    written there, or into a new temporary folder.
    """
    if data is not None:
        marker = data / ".synth.json"
        if marker.exists() and json.loads(marker.read_text()) == {"n": n, "seed": seed}:
            return sorted(p for p in data.iterdir() if p.is_dir()), None
    folder = data or Path(tempfile.mkdtemp(prefix="netmap-bench-"))
    start = time.perf_counter()
    folders = write_synth(folder, n, seed)
    took = time.perf_counter() - start
    (folder / ".synth.json").write_text(json.dumps({"n": n, "seed": seed}))
    return folders, took


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, which, unlike ru_maxrss, starts
    afresh at exec (a spawned worker's ru_maxrss still counts the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
