"""Shared by the benchmarks: the synthetic national set, written once and reused, and peak
memory."""

from __future__ import annotations

import json
import os
import platform
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


#: Where :func:`record` appends (``scripts/bench`` sets it; unset: nothing is recorded).
RESULTS_ENV = "NETMAP_BENCH_RESULTS"


def machine() -> str:
    """One line naming this machine: CPU model, cores, memory, Python (for the README table)."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        kb = 0
    return (f"{model}, {os.cpu_count()} cores, {kb / 1024 ** 2:.0f} GB, "
            f"Python {platform.python_version()}")


def record(bench: str, what: str, value: str, baseline: str, verdict: str,
           size: str | None = None) -> None:
    """Append one figure, its baseline measured in the same run and its verdict against the
    target, to the JSON-lines file named by ``$NETMAP_BENCH_RESULTS``.

    ``benchmarks/bench_table.py`` turns that file into the README's benchmark table, so the
    table is regenerated from runs, not typed: each row keeps the command, the UTC time, the
    load average when it was recorded and the machine.
    """
    target = os.environ.get(RESULTS_ENV)
    if not target:
        return
    size = size if size is not None else os.environ.get("NETMAP_BENCH_SIZE", "")
    row = {"bench": bench, "what": what, "size": size, "value": value, "baseline": baseline,
           "verdict": verdict,
           "command": " ".join(["python", _script(), *sys.argv[1:]]),
           "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "load": round(os.getloadavg()[0], 1), "machine": machine()}
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _script() -> str:
    """The running benchmark's path relative to the repository (as the README shows it)."""
    script = Path(sys.argv[0]).resolve()
    root = Path(__file__).resolve().parents[1]
    return script.relative_to(root).as_posix() if script.is_relative_to(root) else script.name
