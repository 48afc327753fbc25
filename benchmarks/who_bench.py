"""Benchmark: ``netmap who`` on the largest synthetic city, exact search vs the old greedy one,
from files and from Neo4j, in the same run.

Generates the synthetic set (:mod:`netmap.synth`, 1,741 municipalities by default; only the
rows, in memory), writes only the municipality with the most organisations, and asks it
``--queries`` random combinations of 1–4 needs (seeded). For each query it times:

* **hand-off graph**: building :class:`~netmap.analysis.handoff.HandoffGraph` and the routes
  from the desk, once per network (``netmap who`` does it once after reading the files);
* **exact (files)**: :func:`netmap.analysis.who.who` per query on the loaded network;
* **old greedy**: the search netmap had before (set cover, exact only up to 22 candidates,
  greedy beyond; its code is kept below as the baseline), with its own pair score;
* **exact (Neo4j)**: :func:`~netmap.analysis.who.who_from_store` (``cypher/who.cypher``) against
  a server holding that city, checking each answer equals the files' one: with the hand-off
  graph kept from the earlier questions (only the offers of the needs fetched; the files'
  figure likewise keeps the graph built once per network) and with nothing kept (the first
  question of a process).

It also scores the old greedy team by the documented score (docs/METHODS.md, "who") and prints
how often it is a smallest team and how far its score is from the best.

Usage::

    .venv/bin/python benchmarks/who_bench.py                        # largest of 1,741
    .venv/bin/python benchmarks/who_bench.py --municipalities 20    # CI size
    .venv/bin/python benchmarks/who_bench.py --uri bolt://127.0.0.1:17702   # with Neo4j

Without ``--uri`` (or ``$NETMAP_BENCH_NEO4J_URI``) the Neo4j part is skipped and says so.
The server's database gets this one city loaded (replacing itself); nothing else is touched.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import record  # noqa: E402

from netmap.analysis.handoff import HandoffGraph  # noqa: E402
from netmap.analysis.who import team_score, who, who_from_store  # noqa: E402
from netmap.io.dataset import load_dataset  # noqa: E402
from netmap.model import TIE_TYPES, Network  # noqa: E402
from netmap.synth import synthesize, write_municipality  # noqa: E402
from netmap.taxonomy import load_taxonomy  # noqa: E402

TARGET_MS = 100.0


# -- the old search (netmap/analysis/match.py before issue #14), kept as the baseline ----------
EXACT_LIMIT = 22


def _covers(sets: dict[str, set[str]], team: tuple[str, ...], needs: set[str]) -> bool:
    return needs <= set().union(*(sets[m] for m in team))


def _old_minimal_teams(sets: dict[str, set[str]], needs: set[str]) -> list[tuple[str, ...]]:
    cands = [c for c in sets if sets[c] & needs]
    if len(cands) <= EXACT_LIMIT:
        for k in range(2, len(needs) + 1):
            found = [t for t in itertools.combinations(cands, k) if _covers(sets, t, needs)
                     and all(not _covers(sets, t[:i] + t[i + 1:], needs) for i in range(k))]
            if found:
                return found
        return []
    team: list[str] = []
    left = set(needs)
    while left:
        best = max(cands, key=lambda c: (len(sets[c] & left), c))
        if not sets[best] & left:
            return []
        team.append(best)
        left -= sets[best]
    return [tuple(team)]


def old_who(net: Network, codes: list[str]) -> list[str]:
    """The old answer's best team (or single provider): exact ≤ 22 candidates, else greedy;
    teams ranked by mean pair score (2 per direct tie, 1 per shared meeting, else 1/d) plus
    1/(1 + mean steps from the hub)."""
    want, hub = set(codes), net.hub
    sets = {o: net.needs_covered(o) & want for o in net.organisations() if o != hub}
    sets = {o: s for o, s in sets.items() if s}
    T = net.tie_graph(with_meetings=False)
    steps = nx.single_source_shortest_path_length(T, hub) if hub else {}
    single = sorted((o for o, s in sets.items() if s == want),
                    key=lambda o: (steps.get(o) is None, steps.get(o) or 0, o))
    if single:
        return [single[0]]
    if len(want) == 1 or not want <= set().union(*sets.values()):
        return []
    scored = []
    for team in _old_minimal_teams(sets, want):
        pairs = []
        for a, b in itertools.combinations(team, 2):
            direct = sum(1 for u, v in ((a, b), (b, a)) if net.graph.has_edge(u, v)
                         for d in net.graph[u][v].values() if d["type"] in TIE_TYPES)
            shared = len(set(net.meetings_of(a)) & set(net.meetings_of(b)))
            s = 2.0 * direct + shared
            if not direct and not shared:
                try:
                    s = 1.0 / nx.shortest_path_length(T, a, b)
                except (nx.NetworkXNoPath, nx.NodeNotFound):
                    s = 0.0
            pairs.append(s)
        known = [steps[m] for m in team if m in steps]
        bonus = 1.0 / (1.0 + sum(known) / len(known)) if known else 0.0
        scored.append((sum(pairs) / len(pairs) + bonus, team))
    return list(max(scored)[1]) if scored else []


# -- the run ------------------------------------------------------------------------------------
def largest_city(n: int, seed: int, folder: Path) -> Network:
    rows = max(synthesize(n, seed), key=lambda r: len(r["organisations"]))
    return load_dataset(write_municipality(rows, folder))


def queries(net: Network, k: int, seed: int) -> list[list[str]]:
    """``k`` random combinations of 1–4 needs that somebody in ``net`` covers."""
    rng = random.Random(seed)
    covered = sorted({c for o in net.organisations() for c in net.needs_covered(o)})
    tax = load_taxonomy()
    return [[tax.needs[c].label_ja for c in rng.sample(covered, rng.randint(1, 4))]
            for _ in range(k)]


def ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:7.1f} ms, max {max(xs) * 1000:7.1f} ms"


def line(what: str, runs: list[Any], note: str = "", target: bool = False) -> None:
    """One result line: median and max wall time, median CPU time, the target verdict."""
    wall = [r[0] for r in runs]
    cpu = statistics.median(r[1] for r in runs) * 1000
    verdict = (f"(target < {TARGET_MS:g} ms) "
               f"{'OK' if statistics.median(wall) * 1000 < TARGET_MS else 'MISSED'}"
               if target else note)
    print(f"{what:44} {ms(wall)}; CPU {cpu:6.1f} ms  {verdict}")


CITY = ""


def _med(runs: list[Any]) -> str:
    return f"{statistics.median(r[0] for r in runs) * 1000:.1f} ms"


def _record(what: str, runs: list[Any], baseline: str) -> None:
    """One figure (median wall, median CPU) for the README table."""
    med = statistics.median(r[0] for r in runs) * 1000
    cpu = statistics.median(r[1] for r in runs) * 1000
    record("who", f"{what}, {CITY}", f"{med:.1f} ms median wall ({cpu:.1f} ms CPU)", baseline,
           f"< {TARGET_MS:g} ms: {'OK' if med < TARGET_MS else 'MISSED'}")


def timed(f: Any, *args: Any) -> tuple[Any, float, float]:
    """``f(*args)``, its wall-clock seconds and this process's CPU seconds (on a shared machine
    the CPU time says what the code costs, the wall time what a user waits)."""
    w, c = time.perf_counter(), time.process_time()
    out = f(*args)
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", type=int, default=1741)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--uri", default=os.environ.get("NETMAP_BENCH_NEO4J_URI"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="netmap-who-") as tmp:
        t0 = time.perf_counter()
        net = largest_city(args.municipalities, args.seed, Path(tmp))
        print(f"largest of {args.municipalities} synthetic municipalities: {net.name} "
              f"({len(net.organisations()):,} organisations, {net.graph.number_of_nodes():,} "
              f"nodes, {net.graph.number_of_edges():,} links; ready in "
              f"{time.perf_counter() - t0:.1f} s)", flush=True)
    qs = queries(net, args.queries, args.seed)

    def build() -> HandoffGraph:
        g = HandoffGraph.from_network(net)
        g.strongest_routes(g.hub or next(iter(g.orgs)))
        return g

    builds = [timed(build) for _ in range(5)]
    g = builds[-1][0]
    who(net, qs[0])  # warm-up: taxonomy, imports; builds the graph who() keeps for net
    files, olds = [], []
    old_min = 0
    ratios = []
    for q in qs:
        r, *tw = timed(who, net, q)
        files.append(tw)
        old, *tw = timed(old_who, net, r["needs"])
        olds.append(tw)
        best = r["teams"][0] if r["teams"] else None
        if best and old:
            old_min += len(old) == best["size"]
            ratios.append(team_score(g, r["needs"], old) / best["score"] if best["score"] else 1)
    print(f"\n{'measure (' + str(len(qs)) + ' queries of 1-4 needs)':44} latency (wall; CPU)")
    line("hand-off graph + routes from the desk", [b[1:] for b in builds], "once per network")
    line("exact search, files (graph built)", files, target=True)
    line("old greedy search (baseline)", olds)
    print(f"{'old greedy team is a smallest team':44} {old_min} of {len(ratios)} queries")
    if ratios:
        print(f"{'old team score / best (documented score)':44} median "
              f"{statistics.median(ratios):.3f}, min {min(ratios):.3f}")
    global CITY
    CITY = (f"biggest of {args.municipalities:,} synthetic towns "
            f"({len(net.organisations()):,} organisations), {len(qs)} queries of 1-4 needs")
    _record("`who` exact team from files (hand-off graph kept per network)", files,
            f"old greedy search {_med(olds)}" + (f"; its team scores median "
                                                 f"{statistics.median(ratios):.2f}× the best"
                                                 if ratios else ""))
    reading_part()
    if not args.uri:
        print(f"{'exact, Neo4j':44} NOT RUN (no --uri / NETMAP_BENCH_NEO4J_URI)")
        return 0
    return neo4j_part(args.uri, net, qs)


def reading_part() -> None:
    """Longest match over the spellings vs a tokenizer (SudachiPy, when installed) then a
    lookup of each token, on the phrase families of tests/test_who.py: does reading the needs
    need a tokenizer?"""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_who import PHRASES

    from netmap.taxonomy import normalise_text

    tax = load_taxonomy()
    ours = sum(tax.read(p)["needs"] == needs for p, needs, _ in PHRASES)
    print(f"{'reading phrases: longest match (netmap)':44} {ours} of {len(PHRASES)} right")
    try:
        from sudachipy import dictionary, tokenizer
    except ImportError:
        print(f"{'reading phrases: SudachiPy tokens':44} NOT RUN (pip install sudachipy "
              "sudachidict_core)")
        return
    tok = dictionary.Dictionary().tokenizer()
    for name in ("A", "C"):
        mode = getattr(tokenizer.Tokenizer.SplitMode, name)
        right = 0
        for phrase, needs, _ in PHRASES:
            got: list[str] = []
            for m in tok.tokenize(phrase, mode):
                got += [c for c in tax._lookup.get(normalise_text(m.surface()), ())
                        if c not in got]
            right += got == needs
        print(f"{'reading phrases: SudachiPy mode ' + name + ' tokens':44} {right} of "
              f"{len(PHRASES)} right")


def server_ms(store: Any, code: str, needs: list[str], graph: bool) -> float:
    """The server's own time for ``who_offers`` (a question on a kept graph) or, when
    ``graph``, ``who_graph`` (the first question: graph and offers in one statement) of
    ``cypher/who.cypher``, from the result summaries."""
    from netmap.store.cypher import query

    tax = load_taxonomy()
    key = store.find(code)
    wanted = sorted({c for n in needs for c in tax.family(n)})
    total = 0.0
    with store.session() as s:
        for name in ("who_graph",) if graph else ("who_offers",):
            summary = s.run(query(name), key=key, needs=wanted).consume()
            total += summary.result_available_after + summary.result_consumed_after
    return total


def neo4j_part(uri: str, net: Network, qs: list[list[str]]) -> int:
    """Each query twice: with the hand-off graph kept from the earlier questions (as the
    files' figure keeps the graph built once per network: only the offers are fetched) and
    with nothing kept (the first question of a process: the graph is fetched and built)."""
    from netmap.analysis import who as who_mod
    from netmap.store.neo4j import Store

    with Store.connect(uri) as store:
        store.apply_schema()
        store.load(net, replace=True)
        who_from_store(store, net.code, qs[0])  # warm-up: query plans; keeps the graph
        warm, cold, server_warm, server_cold, same = [], [], [], [], 0
        for q in qs:
            r, *tw = timed(who_from_store, store, net.code, q)
            warm.append(tw)
            same += r == who(net, q)
            who_mod._KEPT.clear()
            r, *tw = timed(who_from_store, store, net.code, q)
            cold.append(tw)
            same += r == who(net, q)
            server_warm.append(server_ms(store, net.code, r["needs"], graph=False))
            server_cold.append(server_ms(store, net.code, r["needs"], graph=True))
    _record("`who` exact team from Neo4j, graph kept (offers + search)", warm,
            f"first question of a process (graph fetched) {_med(cold)}")
    _record("`who` exact team from Neo4j, first question of a process (graph fetched)", cold,
            f"graph kept {_med(warm)}")
    line("exact, Neo4j, graph kept (offers + search)", warm, target=True)
    print(f"{'  of which the server (who_offers)':44} median "
          f"{statistics.median(server_warm):7.1f} ms (result_available + consumed_after)")
    line("exact, Neo4j, first question (graph fetched)", cold, target=True)
    print(f"{'  of which the server (who_graph)':44} median "
          f"{statistics.median(server_cold):7.1f} ms (result_available + consumed_after)")
    print(f"{'Neo4j answer equals the files answer':44} {same} of {2 * len(qs)} answers")
    return 0 if same == 2 * len(qs) else 1


if __name__ == "__main__":
    sys.exit(main())
