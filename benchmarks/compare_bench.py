"""Benchmark: ``netmap compare`` over many municipalities, streamed against loading all first.

The old ``netmap compare`` loaded every network before scoring any (1.7 GB for the 1,741
synthetic municipalities, issue 19); it now scores one at a time
(:func:`netmap.analysis.compare.compare` over a generator). Each way runs in a fresh Python
process (``subprocess``) so its peak memory (VmHWM, :func:`_common.peak_rss_mb`) is its own;
both results must be identical. Prints peak memory and seconds of each, side by side, against
the target (< 0.5 GB streamed on the national set).

Usage::

    .venv/bin/python benchmarks/compare_bench.py --municipalities 20      # CI size
    .venv/bin/python benchmarks/compare_bench.py --data .netmap/bench/japan   # 1,741
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import peak_rss_mb, record, synthetic_set  # noqa: E402

from netmap.analysis.compare import compare  # noqa: E402
from netmap.io.dataset import load_dataset  # noqa: E402
from netmap.model import Network  # noqa: E402

TARGET_GB = 0.5


def _one_at_a_time(folders: list[Path]) -> Iterator[Network]:
    for f in folders:
        yield load_dataset(f)


def _run(mode: str, folders: list[Path]) -> dict[str, float | str]:
    """Compare ``folders`` the ``old`` way (a list of every network) or ``streamed``."""
    start = time.perf_counter()
    if mode == "old":
        data = compare([load_dataset(f) for f in folders])
    else:
        data = compare(_one_at_a_time(folders))
    took = time.perf_counter() - start
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return {"seconds": took, "peak_mb": peak_rss_mb(), "sha256": digest}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--municipalities", "-n", type=int, default=1741)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=None,
                    help="folder for the synthetic set (reused when it holds the same n/seed)")
    ap.add_argument("--child", choices=("old", "streamed"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:  # one way, in a process of its own; the folders come on stdin
        folders = [Path(line) for line in sys.stdin.read().splitlines()]
        print(json.dumps(_run(args.child, folders)))
        return 0

    print(f"# netmap compare benchmark — {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}")
    folders, wrote = synthetic_set(args.municipalities, args.seed, args.data)
    if wrote is not None:
        print(f"write synthetic set      {wrote:8.1f} s")
    res = {}
    for mode in ("old", "streamed"):
        out = subprocess.run([sys.executable, __file__, "--child", mode],
                             input="\n".join(map(str, folders)), capture_output=True,
                             text=True, check=True)
        res[mode] = json.loads(out.stdout)
    old, new = res["old"], res["streamed"]
    same = old["sha256"] == new["sha256"]
    gb = float(new["peak_mb"]) / 1024
    print(f"municipalities           {len(folders)}")
    print(f"peak memory (VmHWM)      streamed {gb:6.3f} GB   all loaded first (old) "
          f"{float(old['peak_mb']) / 1024:6.3f} GB  → "
          f"{float(old['peak_mb']) / float(new['peak_mb']):.1f}× less")
    print(f"seconds                  streamed {float(new['seconds']):6.1f} s    all loaded first "
          f"(old) {float(old['seconds']):6.1f} s")
    print(f"streamed vs target       {gb / TARGET_GB:.2f} × the {TARGET_GB} GB target: "
          f"{'OK' if gb < TARGET_GB else 'MISSED'}")
    print(f"same result              {'yes' if same else 'NO'} (sha256 of the JSON)")
    record("compare", f"`netmap compare` of {len(folders):,} synthetic municipalities, streamed: "
           "peak memory (VmHWM)", f"{gb:.3f} GB, {float(new['seconds']):.1f} s",
           f"every network loaded first {float(old['peak_mb']) / 1024:.3f} GB, "
           f"{float(old['seconds']):.1f} s; same JSON: {'yes' if same else 'NO'}",
           f"< {TARGET_GB} GB: " + ("OK" if gb < TARGET_GB else "MISSED"))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
