"""Neo4j benchmark: our idempotent load vs raw UNWIND CREATE vs a per-row MERGE loop vs
``load --bulk`` (neo4j-admin import), `who` latency, and gaps + brokers read from Neo4j, on
the synthetic national set.

The load goes **biggest municipality first** into a database just wiped, with the query cache
cleared after every wipe (``db.clearQueryCaches()``), so each method plans its statements on
empty statistics — the case that stalled for minutes (issue #19) — and the slowest statement
is printed. Prints figures and ratios against baselines measured in the same run. Targets
(issue #19): our load ≥ 0.8× raw CREATE, no statement over 5 s; ≥ 20× the per-row loop;
`who` median < 100 ms; --bulk within 2× of neo4j-admin import's own time; gaps + brokers
of every town read from Neo4j < 20 s.

Usage::

    python benchmarks/neo4j_bench.py                       # 1,741 municipalities
    python benchmarks/neo4j_bench.py --municipalities 20   # the small size CI runs

It uses the server at ``--uri`` (default ``$NETMAP_BENCH_NEO4J_URI``), which it EMPTIES, or
starts its own no-auth server in a temporary folder and stops it afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import peak_rss_mb, record, synthetic_set  # noqa: E402

from netmap.analysis import who as who_mod  # noqa: E402
from netmap.analysis.brokers import brokers  # noqa: E402
from netmap.analysis.gaps import gaps  # noqa: E402
from netmap.analysis.national import prepare_worker  # noqa: E402
from netmap.analysis.who import who_from_store  # noqa: E402
from netmap.io.dataset import load_dataset  # noqa: E402
from netmap.store import server  # noqa: E402
from netmap.store.cypher import query  # noqa: E402
from netmap.store.neo4j import BATCH, Store, plan  # noqa: E402


def wipe(store: Store) -> None:
    """Empty the database and forget every cached plan, so the next method plans afresh."""
    with store.session() as s:
        while s.run(query("delete_all_batch")).single()["deleted"]:
            pass
        s.run("CALL db.clearQueryCaches()").consume()


def raw_create(store: Store, plans: list[Any]) -> None:
    """The same node and link rows with plain UNWIND CREATE (cypher/bench.cypher: no snapshot
    node, no delete, label and properties straight from the row), one transaction per
    municipality."""
    for p in plans:
        nodes = [{"label": k.capitalize(), "props": r["props"]}
                 for k, rows in p.nodes.items() for r in rows]
        links = [{**r, "props": _link_props(r)} for r in p.links]
        covers = [{**r, "props": _link_props(r)} for r in p.covers]

        def work(tx: Any, p: Any = p, steps: Any = (("raw_nodes", nodes), ("raw_links", links),
                                                    ("raw_covers", covers))) -> None:
            tx.run(query("raw_needs"), rows=p.needs).consume()  # shared: merged, as ours
            for name, rows in steps:
                for i in range(0, len(rows), BATCH):
                    tx.run(query(name), rows=rows[i:i + BATCH]).consume()
        with store.session() as s:
            s.execute_write(work)


def _link_props(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items()
            if k not in ("kind", "source", "target", "type") and v is not None}


def per_row(store: Store, plans: list[Any], limit: int) -> int:
    """One MERGE statement per row, each its own auto-commit transaction; returns rows."""
    done = 0
    with store.session() as s:
        for p in plans:
            s.run(query("raw_needs"), rows=p.needs).consume()
            done += len(p.needs)
            rows = [("row_node", {"label": k.capitalize(), "props": r["props"]})
                    for k, rs in p.nodes.items() for r in rs]
            rows += [(f"row_{r['type'].lower()}", {**r, "props": _link_props(r)})
                     for r in [*p.links, *p.covers]]
            for name, row in rows:
                s.run(query(name), row=row).consume()
                done += 1
                if done >= limit:
                    return done
    return done


def bulk(nets: list[Any], folders: list[Path], tmp: Path) -> dict[str, Any]:
    """``load --bulk`` into a fresh server of its own: the result of ``bulk_load`` (total
    seconds, neo4j-admin's own and each phase), and ``search_online``: the seconds after it
    returned until the fulltext index of names, which it leaves the server to populate, was
    online too (``await_indexes``)."""
    from netmap.store import bulk as bulk_mod

    home = tmp / "bulk-db"
    state = server.start(home, port=server._free_port(), auth=False, heap="2g", pagecache="1g")
    try:
        r = bulk_mod.bulk_load(list(zip(folders, nets, strict=True)), home)
        t0 = time.perf_counter()
        with Store.connect(state["uri"], password="") as store, store.session() as s:
            s.run(query("await_indexes")).consume()
        r["search_online"] = time.perf_counter() - t0
    finally:
        server.stop(home)
    return r


def analyse_from_neo4j(uri: str, keys: list[str]) -> tuple[float, float, float]:
    """Read these snapshots back from Neo4j (``Store.read_networks``: one statement per batch
    of towns), then gaps + brokers on each; seconds reading, seconds analysing, peak RSS (MB).
    """
    t_read = t_analysis = 0.0
    with Store.connect(uri, password="") as store:
        nets = store.read_networks(keys)
        while True:
            t0 = time.perf_counter()
            net = next(nets, None)
            t1 = time.perf_counter()
            t_read += t1 - t0
            if net is None:
                break
            gaps(net)
            brokers(net)
            t_analysis += time.perf_counter() - t1
    return t_read, t_analysis, peak_rss_mb()


def read_all(uri: str, keys: list[str], batched: bool) -> float:
    """Seconds to read every snapshot back, one at a time (``read_network``: six statements a
    town, the baseline) or batched (``read_networks``); each network is dropped once read."""
    with Store.connect(uri, password="") as store:
        t0 = time.perf_counter()
        if batched:
            for _ in store.read_networks(keys):
                pass
        else:
            for key in keys:
                store.read_network(key)
        return time.perf_counter() - t0


def say(text: str) -> None:
    print(text, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", type=int, default=1741)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, help="reuse synthetic datasets written here")
    ap.add_argument("--uri", default=os.environ.get("NETMAP_BENCH_NEO4J_URI"))
    ap.add_argument("--per-row-limit", type=int, default=20000,
                    help="rows for the per-row loop (its rate is measured on these)")
    ap.add_argument("--who-queries", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=2, help="processes for gaps + brokers")
    ap.add_argument("--skip-analysis", action="store_true",
                    help="read every town back, but run no gaps + brokers on them")
    ap.add_argument("--warmup", type=int, default=10,
                    help="municipalities each method writes (then wiped) before timing")
    ap.add_argument("--rounds", type=int, default=2,
                    help="alternating rounds of raw CREATE and our load (the last is reported)")
    ap.add_argument("--warmup-rounds", type=int, default=2,
                    help="times the warm-up sample is written by each method")
    args = ap.parse_args()

    print(f"# netmap Neo4j benchmark — {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    tmp = Path(tempfile.mkdtemp(prefix="netmap-neo4j-bench-"))
    folders, t_synth = synthetic_set(args.municipalities, args.seed, args.data or tmp / "synth")
    t0 = time.perf_counter()
    nets = [load_dataset(f) for f in folders]
    # Biggest municipality first: its statements are planned on an empty database.
    order = sorted(range(len(nets)), key=lambda i: -nets[i].graph.number_of_nodes())
    nets, folders = [nets[i] for i in order], [folders[i] for i in order]
    t_read = time.perf_counter() - t0
    plans = [plan(n) for n in nets]
    nodes = sum(n.graph.number_of_nodes() for n in nets)
    links = sum(n.graph.number_of_edges() for n in nets)
    elements = sum(p.size for p in plans)
    print(f"data: {len(nets)} municipalities, {nodes:,} nodes, {links:,} links "
          f"({elements:,} elements written); synth {t_synth or 0:.1f} s, "
          f"read+validate {t_read:.1f} s")

    own = None
    uri = args.uri
    if not uri:
        own = tmp / "db"
        port = server._free_port()
        server.start(own, port=port, auth=False, heap="4g", pagecache="2g")
        uri = f"bolt://127.0.0.1:{port}"
    try:
        store = Store.connect(uri, password="")
        wipe(store)
        store.apply_schema()
        with store.session() as s:
            s.run(query("await_indexes")).consume()
        # Warm-up: a fresh JVM runs the first statements interpreted and plans every query
        # once; each method writes a sample and it is wiped, so no method pays that alone.
        warm = plans[: args.warmup]
        for _ in range(args.warmup_rounds):  # JIT: both methods' code paths, twice
            for net in nets[: args.warmup]:
                store.load(net)
            wipe(store)
            raw_create(store, warm)
            wipe(store)
        per_row(store, warm, min(500, args.per_row_limit))
        wipe(store)

        # Raw CREATE and our load alternate, each into a wiped database with no cached plan,
        # so neither is always the first on a busy machine; the last round is reported (ours
        # last: the later measures read what it wrote).
        for rnd in range(1, args.rounds + 1):
            wipe(store)
            t0 = time.perf_counter()
            raw_create(store, plans)
            t_raw = time.perf_counter() - t0
            say(f"round {rnd}: raw CREATE {t_raw:.1f} s ({elements / t_raw:,.0f} elements/s)")
            wipe(store)
            timings: list[tuple[str, int, float]] = []
            t0 = time.perf_counter()
            for net in nets:  # biggest first (sorted above)
                store.load(net, timings=timings)
            t_ours = time.perf_counter() - t0
            slowest = max(timings, key=lambda x: x[2])
            say(f"round {rnd}: our load {t_ours:.1f} s ({elements / t_ours:,.0f} elements/s); "
                f"slowest statement {slowest[0]} ({slowest[1]} rows) {slowest[2]:.2f} s")
        sample = nets[: min(50, len(nets))]
        before = [store.counts(n.code) for n in sample]
        for net in sample:
            store.load(net)
        idempotent = before == [store.counts(n.code) for n in sample]

        rng = random.Random(args.seed)
        picks = [rng.choice(nets) for _ in range(args.who_queries)]
        lat = []
        for net in picks:
            t = time.perf_counter()
            store.providers(net.code or net.slug, ["housing", "debt"])
            lat.append(time.perf_counter() - t)
        biggest = max(nets, key=lambda n: n.graph.number_of_nodes())
        kept, first = [], []  # `netmap who --neo4j` (who_from_store) on the biggest city
        for _ in range(min(10, args.who_queries)):
            who_mod._KEPT.clear()
            t = time.perf_counter()
            who_from_store(store, biggest.code, ["住まい", "債務"])
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            who_from_store(store, biggest.code, ["食料", "法律"])
            kept.append(time.perf_counter() - t)

        say(f"who: {args.who_queries} Cypher queries, median "
            f"{statistics.median(lat) * 1000:.1f} ms")
        codes = [p.key for p in plans]
        # Reading alone, one process, both ways in turn (twice: the first pass warms the page
        # cache and the plans for both; the second is reported).
        for _ in range(2):
            t_each = read_all(uri, codes, batched=False)
            t_batched = read_all(uri, codes, batched=True)
        say(f"read every town back: {t_batched:.1f} s batched, {t_each:.1f} s one at a time")
        parts: list[tuple[float, float, float]] = []
        t_analysis = 0.0
        if not args.skip_analysis:
            t0 = time.perf_counter()
            # Spawned, not forked: a forked worker would count the pages of this process
            # (which holds every network and load plan) in its own peak memory.
            with ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=prepare_worker) as pool:
                parts = list(pool.map(analyse_from_neo4j, [uri] * args.jobs,
                                      [codes[i::args.jobs] for i in range(args.jobs)]))
            t_analysis = time.perf_counter() - t0
            say(f"gaps + brokers from Neo4j: {t_analysis:.1f} s wall with {args.jobs} "
                f"process(es)")

        wipe(store)
        t0 = time.perf_counter()
        rows = per_row(store, plans, args.per_row_limit)
        t_row = time.perf_counter() - t0
        wipe(store)
        store.close()
        # --bulk is timed on a machine that runs nothing else: this benchmark's own server,
        # just wiped of 2 million elements, would otherwise checkpoint and clean up beside it,
        # and the load plans held here would be copied into the forked CSV writers page by
        # page. A coordinator's `netmap load --bulk` has neither.
        if own is not None:
            server.stop(own)
            own = None
        del plans, warm
        say("load --bulk (neo4j-admin import into a fresh server) ...")
        r_bulk = bulk(nets, folders, tmp)
        t_bulk, t_admin = float(r_bulk["seconds"]), float(r_bulk["import_seconds"])
    finally:
        if own is not None:
            server.stop(own)
        shutil.rmtree(tmp, ignore_errors=True)

    ours, raw, row = elements / t_ours, elements / t_raw, rows / t_row
    print(f"\n{'measure':44} {'value':>14}  ratio / target")
    print(f"{'our load (snapshot recreate, 1 tx/town)':44} {ours:>11,.0f} e/s  "
          f"{t_ours:.1f} s total; idempotent reload: {'yes' if idempotent else 'NO'}")
    print(f"{'raw UNWIND CREATE (same rows)':44} {raw:>11,.0f} e/s  ours/raw = {ours / raw:.2f} "
          f"(target ≥ 0.8) {'OK' if ours / raw >= 0.8 else 'MISSED'}")
    print(f"{'slowest statement of our load':44} {slowest[2]:>12.2f} s  {slowest[0]}, "
          f"{slowest[1]} rows (target ≤ 5 s) {'OK' if slowest[2] <= 5 else 'MISSED'}")
    print(f"{'load --bulk (CSV + neo4j-admin + restart)':44} {elements / t_bulk:>11,.0f} e/s  "
          f"{t_bulk:.1f} s total; neo4j-admin import {t_admin:.1f} s; bulk/import = "
          f"{t_bulk / t_admin:.1f}× (target ≤ 2) {'OK' if t_bulk <= 2 * t_admin else 'MISSED'};"
          f" bulk time / our load time = {t_bulk / t_ours:.2f}")
    ph = r_bulk["phases"]
    print(f"{'  of which':44} CSVs written by {ph['csv']:.1f} s while the server was checked"
          f" empty and stopped by {ph['check_stop']:.1f} s; import {ph['import']:.1f} s; "
          f"server start {ph['start']:.1f} s; schema {ph['schema']:.1f} s; the fulltext index of"
          f" names online {r_bulk['search_online']:.1f} s after it returned (bulk + that = "
          f"{(t_bulk + r_bulk['search_online']) / t_admin:.1f}× import)")
    print(f"{'per-row MERGE loop (' + format(rows, ',') + ' rows)':44} {row:>11,.0f} e/s  "
          f"ours/per-row = {ours / row:.1f} (target ≥ 20) {'OK' if ours / row >= 20 else 'MISSED'}")
    med = statistics.median(lat) * 1000
    print(f"{'who (Cypher providers), median':44} {med:>11.1f} ms  (target < 100 ms) "
          f"{'OK' if med < 100 else 'MISSED'}")
    for what, xs in (("first question", first), ("graph kept", kept)):
        med = statistics.median(xs) * 1000
        print(f"{'who --neo4j, biggest city, ' + what:44} {med:>11.1f} ms  (target < 100 ms) "
              f"{'OK' if med < 100 else 'MISSED'}; {biggest.graph.number_of_nodes()} nodes, "
              "median of " + str(len(xs)))
    print(f"{'read every town from Neo4j (batched)':44} {t_batched:>12.1f} s  "
          f"one town at a time (read_network) {t_each:.1f} s: {t_each / t_batched:.1f}× faster;"
          f" {len(codes)} towns, one process")
    _record_load(len(nets), elements, t_ours, t_raw, slowest, t_bulk, t_admin, ph, rows, t_row,
                 float(r_bulk["search_online"]))
    for what, xs in (("first question in a process", first), ("graph kept", kept)):
        med = statistics.median(xs) * 1000
        record("neo4j", f"`who --neo4j`, biggest city ({biggest.graph.number_of_nodes():,} "
               f"nodes), {what}, median of {len(xs)}", f"{med:.1f} ms",
               f"Cypher `providers` alone {statistics.median(lat) * 1000:.1f} ms",
               f"< 100 ms: {'OK' if med < 100 else 'MISSED'}")
    record("neo4j", f"reading all {len(codes):,} towns back from Neo4j, one process",
           f"{t_batched:.1f} s batched (25 towns a statement)",
           f"one town at a time {t_each:.1f} s", f"{t_each / t_batched:.1f}× faster")
    if args.skip_analysis:
        print(f"{'gaps + brokers from Neo4j, all (wall)':44} NOT RUN (--skip-analysis)")
        return 0
    t_db_read = sum(p[0] for p in parts)
    t_db_gb = sum(p[1] for p in parts)
    rss = sum(p[2] for p in parts)
    print(f"{'gaps + brokers from Neo4j, all (wall)':44} {t_analysis:>12.1f} s  "
          f"(target < 20 s) {'OK' if t_analysis < 20 else 'MISSED'}; "
          f"{args.jobs} process(es), reading {t_db_read:.1f} s + analysis {t_db_gb:.1f} s")
    record("neo4j", f"gaps + brokers of all {len(codes):,} towns from Neo4j, reading included, "
           f"{args.jobs} process(es)", f"{t_analysis:.1f} s wall; {rss / 1024:.2f} GB",
           f"reading {t_db_read:.1f} s + analysis {t_db_gb:.1f} s (summed)",
           f"< 20 s: {'OK' if t_analysis < 20 else 'MISSED'}; < 1 GB: "
           f"{'OK' if rss < 1024 else 'MISSED'}")
    print(f"{'peak memory, gaps + brokers processes':44} {rss / 1024:>12.2f} GB "
          f"(target < 2 GB) {'OK' if rss < 2048 else 'MISSED'}; added up (VmHWM); "
          f"{'our server: heap 4 GB, page cache 2 GB; ' if own is not None else ''}"
          f"this harness, holding every network and load plan, {peak_rss_mb() / 1024:.1f} GB")
    return 0


def _record_load(towns: int, elements: int, t_ours: float, t_raw: float,
                 slowest: tuple[Any, ...], t_bulk: float, t_admin: float, ph: dict[str, float],
                 rows: int, t_row: float, t_search: float) -> None:
    """The load figures for the README table (benchmarks/bench_table.py)."""
    size = f"{towns:,} synthetic towns, {elements:,} elements"
    record("neo4j", f"Neo4j online load, {size}, biggest town first into a wiped database",
           f"{elements / t_ours:,.0f} elements/s ({t_ours:.1f} s); slowest statement "
           f"{slowest[2]:.2f} s ({slowest[0]})",
           f"raw `UNWIND … CREATE` {elements / t_raw:,.0f}/s ({t_raw:.1f} s); per-row MERGE "
           f"{rows / t_row:,.0f}/s",
           f"ours/raw {t_raw / t_ours:.2f} (≥ 0.8: {'OK' if t_raw / t_ours >= 0.8 else 'MISSED'});"
           f" slowest ≤ 5 s: {'OK' if slowest[2] <= 5 else 'MISSED'}")
    record("neo4j", f"`netmap load --bulk`, {size}",
           f"{t_bulk:.1f} s (CSVs {ph['csv']:.1f}, import {ph['import']:.1f}, start "
           f"{ph['start']:.1f}, schema {ph['schema']:.1f} s); the fulltext index of names "
           f"online {t_search:.1f} s later",
           f"neo4j-admin import's own time {t_admin:.1f} s; our online load {t_ours:.1f} s",
           f"{t_bulk / t_admin:.1f}× import (≤ 2×: {'OK' if t_bulk <= 2 * t_admin else 'MISSED'});"
           f" {(t_bulk + t_search) / t_admin:.1f}× with the fulltext index online")


if __name__ == "__main__":
    raise SystemExit(main())
