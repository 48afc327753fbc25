"""The README's benchmark table, regenerated from the figures ``scripts/bench`` recorded.

Every benchmark calls ``_common.record`` for each figure it prints, with the baseline measured
in the same run and the verdict against the issue's target; ``scripts/bench`` points
``$NETMAP_BENCH_RESULTS`` at ``.netmap/bench/results.jsonl``. This script keeps the latest
record of each (benchmark, figure, size), prints the Markdown table, and with ``--readme``
writes it between the ``<!-- bench-table:start -->`` and ``<!-- bench-table:end -->`` marks of
README.md and copies the records to ``benchmarks/results.jsonl`` (kept in git, so the table's
source is in the repository).

Usage::

    .venv/bin/python benchmarks/bench_table.py                       # print the table
    .venv/bin/python benchmarks/bench_table.py --readme              # rewrite README.md
    .venv/bin/python benchmarks/bench_table.py --size national       # one size only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
ORDER = ("analysis", "compare", "neo4j", "who", "map", "bigmap", "extract")


def latest(paths: list[Path]) -> list[dict[str, Any]]:
    """The last record of each (bench, what, size), in benchmark order then first-seen order."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                key = (r["bench"], r["what"], r["size"])
                rows.pop(key, None)
                rows[key] = r
    def rank(r: dict[str, Any]) -> int:
        return ORDER.index(r["bench"]) if r["bench"] in ORDER else len(ORDER)
    return sorted(rows.values(), key=rank)


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown: one row per figure, then the machines the rows were measured on."""
    cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    out = ["| what (size) | netmap | baseline, same run | target | measured (UTC, load avg) |",
           "|---|---|---|---|---|"]
    for r in rows:
        size = {"full": " (full size)", "small": " (CI size, `scripts/bench --small`)"}.get(
            r["size"], f" ({r['size']})" if r["size"] else "")
        out.append(f"| {cell(r['what'])}{size} | {cell(r['value'])} | {cell(r['baseline'])} | "
                   f"{cell(r['verdict'])} | {r['when']}, {r['load']}; `{cell(r['command'])}` |")
    machines = sorted({r["machine"] for r in rows})
    out += ["", "Machine: " + "; ".join(machines) + "." if machines else ""]
    return "\n".join(out).rstrip() + "\n"


def write_readme(text: str, readme: Path) -> None:
    """Replace what stands between the two marks of ``readme`` with ``text``."""
    body = readme.read_text(encoding="utf-8")
    if START not in body or END not in body:
        raise SystemExit(f"{readme}: the marks {START} and {END} are missing")
    head, rest = body.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("results", nargs="*", type=Path,
                    default=[ROOT / ".netmap" / "bench" / "results.jsonl"])
    ap.add_argument("--size", help="only records of this size (small or full)")
    ap.add_argument("--readme", action="store_true",
                    help="write the table into README.md and keep the records in "
                    "benchmarks/results.jsonl")
    args = ap.parse_args(argv)
    sources = [p for p in args.results if p.exists()]
    if args.readme:
        sources = [ROOT / "benchmarks" / "results.jsonl", *sources]  # newer runs win
    rows = [r for r in latest(sources) if args.size in (None, r["size"])]
    if not rows:
        print("no benchmark records (run scripts/bench)", file=sys.stderr)
        return 1
    text = table(rows)
    print(text, end="")
    if args.readme:
        kept = ROOT / "benchmarks" / "results.jsonl"
        kept.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
        write_readme(text, ROOT / "README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
