"""The README's benchmark table is generated from recorded runs, not typed.

``benchmarks/bench_table.py`` keeps the latest record of each figure; the README's table must
be exactly what it makes of ``benchmarks/results.jsonl`` (so a figure cannot be edited by
hand without a run), and each record must carry a baseline, a verdict, a command and the
load average, which are what make a figure readable.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import bench_table  # noqa: E402

RESULTS = REPO / "benchmarks" / "results.jsonl"


def test_readme_table_is_the_records() -> None:
    body = (REPO / "README.md").read_text(encoding="utf-8")
    inside = body.split(bench_table.START, 1)[1].split(bench_table.END, 1)[0]
    assert inside == "\n" + bench_table.table(bench_table.latest([RESULTS]))


def test_every_record_says_what_it_was_measured_against() -> None:
    rows = [json.loads(line) for line in RESULTS.read_text(encoding="utf-8").splitlines()]
    assert rows
    for r in rows:
        assert r["baseline"] and r["verdict"] and r["command"].startswith("python benchmarks/")
        assert isinstance(r["load"], float) and r["machine"] and r["when"].startswith("20")


def test_record_appends_one_line_per_figure(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    code = ("import sys; sys.path.insert(0, 'benchmarks'); from _common import record; "
            "record('x', 'a figure', '1 s', '2 s', '< 3 s: OK'); "
            "record('x', 'a figure', '0.5 s', '2 s', '< 3 s: OK')")
    env = {**os.environ, "NETMAP_BENCH_RESULTS": str(out), "NETMAP_BENCH_SIZE": "small"}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
    rows = bench_table.latest([out])
    assert [(r["value"], r["size"]) for r in rows] == [("0.5 s", "small")]
    assert len(out.read_text().splitlines()) == 2
