"""Sector pairs with no tie between them that a random network of the same degrees would tie.

Two sectors with no tie are not a hole if sectors that small would rarely be tied anyway: a
degree-preserving rewiring of 座間's tie graph leaves 35.8 of its 55 sector pairs untied on
average against 33 observed (issue 13). A pair is reported only when (1) it has no tie, (2) the
null model — the same graph rewired by double-edge swaps that keep every organisation's degree
(Maslov & Sneppen 2002) — ties it in at least 95 % of the seeded samples, and (3) the hub does
not already join it (the hub tied to both sectors, or in one and tied to the other).

The graph is the working-tie graph: direct links and ``case``/``network``/``other`` meetings
(:func:`netmap.tie_weights.weighted_ties`), not the planning WGs and training that would tie
every division to every other.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping
from typing import Any

import networkx as nx

from netmap.model import Network
from netmap.tie_weights import LINK_WEIGHT, weighted_ties

__all__ = ["sector_hole_tests", "rewired_counts", "configuration_counts", "HOLE_PURPOSES",
           "SAMPLES", "ALPHA", "SWAPS_UP_TO"]

#: Meetings whose ties count for sector holes (every purpose except planning and training).
HOLE_PURPOSES = ("case", "network", "other")
#: Seeded null samples; each is m swap attempts after a burn-in of 10·m (m = ties).
SAMPLES = 100
#: A pair is a hole when at most this share of the null samples leave it untied too.
ALPHA = 0.05
#: Graphs up to this many ties (the curated cities: 20-52) are rewired by double-edge swaps (exact: simple graphs of the
#: same degrees); bigger ones (a city's thousands of ties, where a Python swap chain takes
#: seconds to a minute) by the configuration model's random stub matching (Molloy & Reed 1995), the
#: same degrees with the rare loop or double edge of a sparse graph allowed.
SWAPS_UP_TO = 150


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def rewired_counts(T: nx.Graph[Any], samples: int = SAMPLES, seed: int = 0
                   ) -> list[dict[tuple[str, str], int]]:
    """Ties per sector pair in ``samples`` degree-preserving rewirings of ``T``.

    A Markov chain of double-edge swaps (a–b, c–d → a–d, c–b, refused when it would make a
    loop or a double edge: Maslov & Sneppen 2002), seeded; 10·m attempts of burn-in, then a
    sample every m attempts. Sectors from each node's ``sector`` attribute.

    >>> T = nx.cycle_graph(6)
    >>> nx.set_node_attributes(T, {i: "ab"[i % 2] for i in T}, "sector")
    >>> sum(rewired_counts(T, samples=3)[0].values())
    6
    """
    rng = random.Random(seed)
    sector = {v: str(T.nodes[v].get("sector") or "other") for v in T}
    index = {v: i for i, v in enumerate(T)}
    edges = [(index[u], index[v]) for u, v in T.edges() if u != v]
    names = list(T)
    m = len(edges)
    n = len(names)
    present = {a * n + b if a < b else b * n + a for a, b in edges}
    out: list[dict[tuple[str, str], int]] = []
    rand = rng.random

    def run(k: int) -> None:
        """``k`` swap attempts (inlined: this loop is most of the gaps analysis's time)."""
        for _ in range(k):
            i, j = int(rand() * m), int(rand() * m)
            if i == j:
                continue
            a, b = edges[i]
            c, d = edges[j]
            if rand() < 0.5:
                c, d = d, c
            if a == c or a == d or b == c or b == d:
                continue
            e1 = a * n + d if a < d else d * n + a
            e2 = c * n + b if c < b else b * n + c
            if e1 in present or e2 in present:
                continue
            present.discard(a * n + b if a < b else b * n + a)
            present.discard(c * n + d if c < d else d * n + c)
            present.add(e1)
            present.add(e2)
            edges[i], edges[j] = (a, d), (c, b)

    code = {i: sector[v] for i, v in enumerate(names)}
    if m < 2:
        return [_count(edges, code) for _ in range(samples)]
    run(10 * m)
    for _ in range(samples):
        run(m)
        out.append(_count(edges, code))
    return out


def configuration_counts(T: nx.Graph[Any], samples: int = SAMPLES, seed: int = 0
                         ) -> list[dict[tuple[str, str], int]]:
    """Ties per sector pair in ``samples`` configuration-model graphs of ``T``'s degrees.

    Every node's ties are cut into stubs, the stubs shuffled (``numpy`` generator seeded with
    ``seed``) and paired in order; loops and double edges are kept (Molloy & Reed 1995).

    >>> T = nx.cycle_graph(6)
    >>> nx.set_node_attributes(T, {i: "ab"[i % 2] for i in T}, "sector")
    >>> sum(configuration_counts(T, samples=2)[1].values())
    6
    """
    sectors, counts = _configuration_matrix(T, samples, seed)
    k = len(sectors)
    return [{(sectors[i // k], sectors[i % k]): int(c) for i, c in enumerate(row) if c}
            for row in counts.tolist()]


def _configuration_matrix(T: nx.Graph[Any], samples: int, seed: int
                          ) -> tuple[list[str], Any]:
    """:func:`configuration_counts` as the sorted sectors and a ``samples × k²`` array (row
    ``s``, column ``i·k + j`` with i ≤ j: ties between sectors i and j in sample ``s``): the
    same draws, without a dict per sample (issue 19)."""
    import numpy as np

    sector = [str(d.get("sector") or "other") for _, d in T.nodes(data=True)]
    sectors = sorted(set(sector))
    code = {s: i for i, s in enumerate(sectors)}
    k = len(sectors)
    stubs = np.repeat(np.array([code[s] for s in sector], dtype=np.int64),
                      [d for _, d in T.degree()])
    if len(stubs) % 2:
        stubs = stubs[:-1]
    rng = np.random.default_rng(seed)
    # one shuffled row per sample: Generator.permuted shuffles the rows in turn with the
    # same draws as ``samples`` calls of rng.permutation (tests/test_analysis.py)
    pairs = rng.permuted(np.tile(stubs, (samples, 1)), axis=1).reshape(samples, -1, 2)
    lo = np.minimum(pairs[:, :, 0], pairs[:, :, 1])
    hi = np.maximum(pairs[:, :, 0], pairs[:, :, 1])
    cell = lo * k + hi + np.arange(samples, dtype=np.int64)[:, None] * (k * k)
    out = np.bincount(cell.ravel(), minlength=samples * k * k).reshape(samples, k * k)
    return sectors, out


def _count(edges: list[tuple[Any, Any]], sector: Mapping[Any, str]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for u, v in edges:
        k = _pair(sector[u], sector[v])
        counts[k] = counts.get(k, 0) + 1
    return counts


def _null_columns(T: nx.Graph[Any], pairs: list[tuple[str, str]], present: list[str],
                  samples: int, seed: int, swaps: bool) -> Any:
    """A ``len(pairs) × samples`` array: the ties of each sector pair in each null sample
    (double-edge swaps when ``swaps``, else the configuration model)."""
    import numpy as np

    if swaps:
        null = rewired_counts(T, samples, seed)
        return np.array([[c.get(p, 0) for c in null] for p in pairs],
                        dtype=np.int64).reshape(len(pairs), samples)
    sectors, counts = _configuration_matrix(T, samples, seed)
    assert sectors == present
    k = len(sectors)
    col = {s: i for i, s in enumerate(sectors)}
    return counts[:, [col[a] * k + col[b] for a, b in pairs]].T.reshape(len(pairs), samples)


def _hole_graph(net: Network) -> nx.Graph[Any]:
    """The graph of the test: :func:`~netmap.tie_weights.weighted_ties` with
    :data:`HOLE_PURPOSES`, read off the network's full weighted tie graph (which brokers and
    gaps build anyway) by keeping the edges with a direct link or a meeting of those purposes
    in their ``via``: the same nodes in the same order and the same edges, in an order that
    may differ — which only the swap chain reads, so the caller builds that one directly.
    tests/test_analysis.py compares it with the graph built directly."""
    W = net.weighted_tie_graph()
    keep = set(LINK_WEIGHT) | {f"meeting:{m}" for m, d in net.nodes_of("meeting")
                               if (d.get("purpose") or "other") in HOLE_PURPOSES}
    T: nx.Graph[Any] = nx.Graph()
    T.add_nodes_from(W.nodes(data=True))
    # as add_edges_from fills it, less its checks: both ends are nodes of T
    adj: dict[Any, dict[Any, dict[str, Any]]] = T._adj  # type: ignore[attr-defined]
    for u, v, d in W.edges(data=True):
        if not keep.isdisjoint(d["via"]):
            adj[u][v] = adj[v][u] = {}
    return T


def sector_hole_tests(net: Network, samples: int = SAMPLES, seed: int = 0) -> dict[str, Any]:
    """Every untied sector pair with its null expectation; the holes among them.

    Returns
    -------
    dict
        - ``untied``: ``{pair, observed, expected, sd, z, p_untied, via_hub}`` for every pair
          of present sectors with no tie (``expected``/``sd``: mean and sd of the pair's ties
          over the rewirings; ``z`` = (observed − expected) / sd, None when sd = 0;
          ``p_untied``: share of rewirings that leave it untied too; ``via_hub``: the hub
          joins it);
        - ``holes``: the ``untied`` rows with ``p_untied`` ≤ :data:`ALPHA` and not
          ``via_hub``, most surprising first;
        - ``expected_untied``: mean number of untied pairs over the rewirings (the baseline
          against which ``len(untied)`` reads); ``samples``, ``seed``, ``null_model``,
          ``graph``.
    """
    T = _hole_graph(net)
    sector = {v: str(T.nodes[v].get("sector") or "other") for v in T}
    present = sorted(set(sector.values()))
    observed = _count([(u, v) for u, v in T.edges() if u != v], sector)
    m = T.number_of_edges()
    swaps = m <= SWAPS_UP_TO
    if swaps:  # the swap chain walks T's edges in weighted_ties' order
        T = weighted_ties(net.graph, purposes=HOLE_PURPOSES, edges=net.edge_list())
    pairs = [_pair(a, b) for a, b in itertools.combinations(present, 2)]
    null = _null_columns(T, pairs, present, samples, seed, swaps)
    hub = net.hub
    hub_reach = set()
    if hub is not None and hub in T:
        hub_reach = {sector[hub], *(sector[v] for v in T[hub])}
    untied: list[dict[str, Any]] = []
    n_untied_null = (null == 0).sum(axis=0).tolist() if len(pairs) else [0] * samples
    for col, p in enumerate(pairs):
        if observed.get(p):
            continue
        xs = null[col].tolist()
        mean = sum(xs) / len(xs) if xs else 0.0
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
        untied.append({"pair": list(p), "observed": 0, "expected": round(mean, 3),
                       "sd": round(sd, 3), "z": round(-mean / sd, 3) if sd > 0 else None,
                       "p_untied": round(sum(1 for x in xs if x == 0) / len(xs), 3) if xs else 1.0,
                       "via_hub": p[0] in hub_reach and p[1] in hub_reach})
    holes = [r for r in untied if r["p_untied"] <= ALPHA and not r["via_hub"]]
    holes.sort(key=lambda r: (r["p_untied"], -r["expected"], r["pair"]))
    return {"untied": untied, "holes": holes,
            "expected_untied": round(sum(n_untied_null) / len(n_untied_null), 3)
            if n_untied_null else None,
            "samples": samples, "seed": seed,
            "null_model": "double-edge swaps (Maslov & Sneppen 2002)" if swaps else
                          "configuration model (Molloy & Reed 1995)",
            "graph": "direct links + case/network/other meetings (planning WGs and training "
                     "left out), unweighted"}
