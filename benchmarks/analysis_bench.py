"""Benchmark: gaps + brokers for every municipality of Japan (synthetic), from files.

Generates the synthetic national set (:mod:`netmap.io.synth`; 1,741 municipalities by default)
into a temporary folder, or reuses ``--data DIR`` when it already holds the same ``n``/``seed``,
then for every municipality, one after the other in one process:

1. ``load_dataset`` (read + validate + build the graph),
2. :func:`netmap.analysis.coverage.gaps`,
3. the parts of :func:`netmap.analysis.brokers.brokers` timed one by one: the tie graph and
   exact Brandes betweenness (networkx), Gould–Fernandez roles, and Burt's constraint and
   effective size computed by :func:`structural_holes_fast` (the proposed fix, exact, below),

and finally netmap's real ``brokers()`` (networkx ``constraint``/``effective_size``) on as
many municipalities as fit in ``--budget`` seconds, in a seeded random order; the rest of its
time is extrapolated from the measured ones (time per unit of Σ_v d_v·Σ_{u∈N(v)} d_u, the work
of networkx's ego-graph and local-constraint loops). Peak memory is the process's
``ru_maxrss``. Figures are compared with the targets (< 60 s, < 2 GB) and with a baseline
measured in the same run: exact networkx betweenness on the biggest city.

Why the fast structural holes are exact: on an unweighted undirected simple graph networkx
uses p_ij = 1/deg(i), so Burt's constraint is c(v) = Σ_{j∈N(v)} (1/d_v + Σ_{q∈N(v)∩N(j)}
1/(d_v d_q))², and the effective size is d_v − 2t/d_v with t the ties among v's neighbours
(Borgatti 1997) — the same numbers without building one ego graph per node.
``--verify`` checks them against networkx on a mid-sized municipality.

Usage::

    .venv/bin/python benchmarks/analysis_bench.py --municipalities 20        # CI, ~30 s
    .venv/bin/python benchmarks/analysis_bench.py --data /tmp/japan --budget 300 --json out.json

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality.
Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
Burt, R. S. (1992). Structural Holes. Borgatti, S. P. (1997). Structural holes: unpacking
Burt's redundancy measures. Connections 20(1).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netmap.analysis.brokerage import brokerage_roles  # noqa: E402
from netmap.analysis.brokers import brokers, referral_graph  # noqa: E402
from netmap.analysis.coverage import gaps  # noqa: E402
from netmap.io.dataset import load_dataset  # noqa: E402
from netmap.io.synth import write_synth  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_BYTES = 2 * 1024**3


def structural_holes_fast(T: nx.Graph) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's constraint and effective size of every tied node of an unweighted simple graph.

    Exact for what :func:`netmap.analysis.brokers.brokers` computes with networkx (undirected
    tie graph, no weights); isolated nodes are left out (undefined there too).
    """
    nbr = {v: set(T[v]) for v in T}
    deg = {v: len(s) for v, s in nbr.items()}
    constraint: dict[str, float] = {}
    effective: dict[str, float] = {}
    for v, nv in nbr.items():
        d = deg[v]
        if d == 0:
            continue
        twice_t = sum(len(nbr[u] & nv) for u in nv)
        effective[v] = d - twice_t / d
        c = 0.0
        for j in nv:
            s = 1.0 / d + sum(1.0 / (d * deg[q]) for q in nv & nbr[j])
            c += s * s
        constraint[v] = c
    return constraint, effective


def _ego_work(T: nx.Graph) -> int:
    """Σ_v d_v · Σ_{u∈N(v)} d_u: the size of networkx's per-node ego-graph work."""
    return sum(T.degree(v) * sum(T.degree(u) for u in T[v]) for v in T)


def _rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def _prepare(n: int, seed: int, data: Path | None) -> tuple[Path, float | None]:
    """The folder of the synthetic set and the seconds it took to write (None: reused)."""
    if data is not None:
        marker = data / ".synth.json"
        if marker.exists() and json.loads(marker.read_text()) == {"n": n, "seed": seed}:
            return data, None
    folder = data or Path(tempfile.mkdtemp(prefix="netmap-bench-"))
    start = time.perf_counter()
    write_synth(folder, n, seed)
    took = time.perf_counter() - start
    (folder / ".synth.json").write_text(json.dumps({"n": n, "seed": seed}))
    return folder, took


def verify(folder: Path) -> float:
    """Largest difference between the fast and networkx structural holes on one dataset."""
    T = load_dataset(folder).tie_graph(with_meetings=False)
    tied = [v for v in T if T.degree(v) > 0]
    c_fast, e_fast = structural_holes_fast(T)
    c_nx, e_nx = nx.constraint(T, nodes=tied), nx.effective_size(T, nodes=tied)
    return max(max(abs(c_fast[v] - c_nx[v]) for v in tied),
               max(abs(e_fast[v] - e_nx[v]) for v in tied))


def run(n: int, seed: int, data: Path | None, budget: float, do_verify: bool,
        sample: int) -> dict[str, Any]:
    folder, gen_seconds = _prepare(n, seed, data)
    folders = sorted(p for p in folder.iterdir() if p.is_dir())
    per: list[dict[str, Any]] = []
    totals = dict.fromkeys(("load", "gaps", "tie_graph", "betweenness", "roles", "holes_fast"),
                           0.0)
    wall, cpu = time.perf_counter(), time.process_time()
    nodes = links = 0
    for f in folders:
        t0 = time.perf_counter()
        net = load_dataset(f)
        t1 = time.perf_counter()
        gaps(net)
        t2 = time.perf_counter()
        T = net.tie_graph(with_meetings=False)
        t3 = time.perf_counter()
        bc = nx.betweenness_centrality(T, normalized=True)
        t4 = time.perf_counter()
        D = referral_graph(net)
        brokerage_roles(D, {v: D.nodes[v]["sector"] for v in D})
        t5 = time.perf_counter()
        structural_holes_fast(T)
        t6 = time.perf_counter()
        for key, dt in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5),
                           strict=True):
            totals[key] += dt
        nodes += net.graph.number_of_nodes()
        links += net.graph.number_of_edges()
        hub = net.hub
        top = max(bc, key=lambda k: (bc[k], k)) if bc else None
        per.append({"folder": f, "orgs": len(net.organisations()), "ties": T.number_of_edges(),
                    "betweenness": t4 - t3, "roles": t5 - t4, "tie_graph": t3 - t2,
                    "ego_work": _ego_work(T), "hub_top": top is not None and top == hub})
    pass1, pass1_cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss1 = _rss_bytes()

    # netmap's real brokers() within the budget, then extrapolated
    order = list(range(len(per)))
    random.Random(seed).shuffle(order)
    measured: list[int] = []
    real = 0.0
    start = time.perf_counter()
    for i in order:
        if time.perf_counter() - start > budget:
            break
        net = load_dataset(per[i]["folder"])
        t0 = time.perf_counter()
        brokers(net)
        per[i]["brokers_real"] = time.perf_counter() - t0
        real += per[i]["brokers_real"]
        measured.append(i)
    # the networkx structural-holes part of brokers() ≈ c · ego_work
    extra = sum(per[i]["brokers_real"] - per[i]["betweenness"] - per[i]["roles"]
                - per[i]["tie_graph"] for i in measured)
    work = sum(per[i]["ego_work"] for i in measured) or 1
    c = max(extra, 0.0) / work
    rest = [i for i in range(len(per)) if i not in set(measured)]
    estimate = real + sum(per[i]["betweenness"] + per[i]["roles"] + per[i]["tie_graph"]
                          + c * per[i]["ego_work"] for i in rest)
    rss2 = _rss_bytes()

    big = max(per, key=lambda r: r["orgs"])
    big_net = load_dataset(big["folder"])
    Tb = big_net.tie_graph(with_meetings=False)
    t0 = time.perf_counter()
    nx.betweenness_centrality(Tb, k=min(sample, Tb.number_of_nodes()), seed=0)
    sampled = time.perf_counter() - t0
    t0 = time.perf_counter()
    structural_holes_fast(Tb)
    holes_big = time.perf_counter() - t0

    proposed = sum(totals.values())
    result = {
        "municipalities": len(per), "seed": seed, "data": str(folder),
        "write_seconds": gen_seconds, "graph_nodes": nodes, "graph_links": links,
        "pass_seconds": pass1, "pass_cpu_seconds": pass1_cpu, "totals": totals,
        "gaps_total": totals["load"] + totals["gaps"],
        "proposed_brokers_total": totals["tie_graph"] + totals["betweenness"] + totals["roles"]
        + totals["holes_fast"],
        "proposed_analysis_total": proposed,
        "real_brokers_measured": {"municipalities": len(measured), "seconds": real},
        "real_brokers_estimate_all": estimate,
        "real_analysis_estimate_all": totals["load"] + totals["gaps"] + estimate,
        "peak_rss_bytes": max(rss1, rss2),
        "biggest": {"folder": big["folder"].name, "orgs": big["orgs"], "ties": big["ties"],
                    "betweenness_exact": big["betweenness"],
                    f"betweenness_k{sample}": sampled, "holes_fast": holes_big,
                    "brokers_real": big.get("brokers_real"),
                    "brokers_real_estimate": big["betweenness"] + big["roles"]
                    + big["tie_graph"] + c * big["ego_work"]},
        "hub_top_share": sum(r["hub_top"] for r in per) / len(per),
    }
    if do_verify:
        mid = sorted(per, key=lambda r: r["orgs"])[len(per) * 3 // 4]
        result["verify_max_abs_diff"] = verify(mid["folder"])
        result["verify_on"] = mid["folder"].name
    return result


def _report(r: dict[str, Any]) -> None:
    gb = r["peak_rss_bytes"] / 1024**3
    b = r["biggest"]

    def vs(seconds: float) -> str:
        return f"{seconds:8.1f} s  ({seconds / TARGET_SECONDS:5.2f} × the 60 s target)"

    print(f"municipalities            {r['municipalities']} (seed {r['seed']}, {r['data']})")
    if r["write_seconds"] is not None:
        print(f"write synthetic set       {r['write_seconds']:8.1f} s")
    print(f"graph nodes / links       {r['graph_nodes']:,} / {r['graph_links']:,}")
    t = r["totals"]
    print(f"pass over all (wall/CPU)  {r['pass_seconds']:8.1f} s / {r['pass_cpu_seconds']:.1f} s"
          " CPU (other processes share the 2 cores)")
    print(f"load (read + validate)    {t['load']:8.1f} s")
    print(f"gaps                      {t['gaps']:8.1f} s")
    print(f"tie graph                 {t['tie_graph']:8.1f} s")
    print(f"betweenness (exact, nx)   {t['betweenness']:8.1f} s")
    print(f"Gould-Fernandez roles     {t['roles']:8.1f} s")
    print(f"Burt holes (fast, exact)  {t['holes_fast']:8.1f} s")
    print(f"analysis, proposed        {vs(r['proposed_analysis_total'])}")
    m = r["real_brokers_measured"]
    print(f"brokers() as shipped      {m['seconds']:8.1f} s measured on {m['municipalities']} "
          f"municipalities; all, estimated {r['real_brokers_estimate_all']:.0f} s")
    print(f"analysis as shipped, est. {vs(r['real_analysis_estimate_all'])}")
    print(f"peak memory (ru_maxrss)   {gb:8.2f} GB ({gb / 2:5.2f} × the 2 GB target)")
    print(f"biggest city              {b['folder']}: {b['orgs']} organisations, {b['ties']} ties")
    print(f"  betweenness exact       {b['betweenness_exact']:8.1f} s "
          f"({b['betweenness_exact'] / max(r['proposed_analysis_total'], 1e-9):.0%} of the "
          "proposed whole analysis)")
    k = next(key for key in b if key.startswith("betweenness_k"))
    print(f"  betweenness {k[12:]:<11} {b[k]:8.1f} s (sampled sources, Brandes & Pich 2007)")
    print(f"  Burt holes fast         {b['holes_fast']:8.1f} s")
    real = b["brokers_real"]
    print("  brokers() as shipped    " + (f"{real:8.1f} s measured" if real is not None else
                                          f"{b['brokers_real_estimate']:8.1f} s estimated"))
    print(f"hub has top betweenness   {r['hub_top_share']:.0%} of municipalities")
    if "verify_max_abs_diff" in r:
        print(f"fast holes vs networkx    max |diff| {r['verify_max_abs_diff']:.2e} "
              f"on {r['verify_on']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", "-n", type=int, default=1741)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=None,
                    help="folder for the synthetic set (reused when it holds the same n/seed)")
    ap.add_argument("--budget", type=float, default=120.0,
                    help="seconds for running netmap's brokers() as shipped (rest estimated)")
    ap.add_argument("--sample", type=int, default=200,
                    help="sources for the sampled betweenness on the biggest city")
    ap.add_argument("--verify", action="store_true",
                    help="check the fast structural holes against networkx")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    r = run(args.municipalities, args.seed, args.data, args.budget, args.verify, args.sample)
    _report(r)
    if args.json:
        args.json.write_text(json.dumps(r, indent=2, default=str, ensure_ascii=False))
    ok = r["proposed_analysis_total"] < TARGET_SECONDS and r["peak_rss_bytes"] < TARGET_BYTES
    print("targets (proposed analysis): " + ("met" if ok else "NOT met"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
