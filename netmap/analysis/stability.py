"""How much a ranking (brokers, critical nodes) depends on inferred links and on missing ties.

A coordinator who reads "つなぎ役 #3" must know whether #3 would still be #3 if the one 推定
link behind it were wrong, or if the survey had missed a few ties (every network survey does:
Borgatti, Carley & Krackhardt 2006 show centrality ranks degrade smoothly as 10–50 % of edges
are dropped at random, so a rank that moves a lot under 10–20 % drops should not be trusted).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import networkx as nx

__all__ = ["rank_stability", "dropped", "dropped_indices", "runs_for", "DROP_LOW", "DROP_HIGH", "UNCERTAIN_SPREAD",
           "FULL_RUNS_UP_TO"]

#: Share of ties dropped in the first and the last random run; runs in between are spread
#: evenly. 10–20 % is the range of ties a careful survey of a service network misses (issue 13);
#: Borgatti, Carley & Krackhardt (2006) find top-rank agreement still high at 10 % and falling
#: fast past 25 %.
DROP_LOW = 0.10
DROP_HIGH = 0.20

#: A rank that spans this many places or more across the variants is marked 不確か (uncertain).
#: 3 places: a broker moving from #1 to #4, or out of a top five, changes what a reader does.
UNCERTAIN_SPREAD = 3


#: Networks up to this many nodes get every requested run; a bigger one gets
#: ``runs × FULL_RUNS_UP_TO / n`` (at least 2): each run is one full betweenness, and a 政令市
#: of 1,300 organisations costs seconds per run. The ``runs`` key of every item says how many.
FULL_RUNS_UP_TO = 300


def runs_for(requested: int, n: int) -> int:
    """How many random drops to run on a network of ``n`` nodes (see :data:`FULL_RUNS_UP_TO`).

    >>> runs_for(10, 41), runs_for(10, 1300), runs_for(0, 1300)
    (10, 2, 0)
    """
    if requested <= 0 or n <= FULL_RUNS_UP_TO:
        return max(0, requested)
    return max(2, min(requested, round(requested * FULL_RUNS_UP_TO / n)))


def dropped_indices(m: int, share: float, rng: random.Random) -> set[int]:
    """Which of ``m`` edges a drop of ``share`` removes: ``round(share·m)`` indices drawn by
    ``rng.sample`` (the positions in ``list(T.edges())``; :func:`dropped` uses the same draw).

    >>> sorted(dropped_indices(10, 0.2, random.Random(0)))
    [6, 9]
    """
    k = round(share * m)
    return set(rng.sample(range(m), k)) if k else set()


def dropped(T: nx.Graph[Any], share: float, rng: random.Random) -> nx.Graph[Any]:
    """A copy of ``T`` without a random ``share`` of its edges (rounded to whole edges).

    >>> len(dropped(nx.path_graph(11), 0.2, random.Random(0)).edges)
    8
    """
    edges = list(T.edges())
    gone = dropped_indices(len(edges), share, rng)
    H: nx.Graph[Any] = nx.Graph()
    H.add_nodes_from(T.nodes(data=True))
    H.add_edges_from((u, v, T[u][v]) for i, (u, v) in enumerate(edges) if i not in gone)
    return H


def rank_stability(rank: Callable[[nx.Graph[Any]], Sequence[Hashable]], T: nx.Graph[Any],
                   T_stated: nx.Graph[Any], runs: int = 5, seed: int = 0,
                   base: Sequence[Hashable] | None = None,
                   rank_kept: Callable[[list[int]], Sequence[Hashable]] | None = None
                   ) -> dict[Hashable, dict[str, Any]]:
    """The rank of every item on ``T``, on ``T_stated``, and on ``runs`` seeded random drops.

    Parameters
    ----------
    rank : callable
        Graph → items best first (a broker ordering, a critical-node ordering).
    T : networkx.Graph
        The graph the ranking is reported on.
    T_stated : networkx.Graph
        The same graph without inferred links and nodes (``T`` itself when there are none:
        then its ranking is not computed again).
    runs : int
        Random drops of :data:`DROP_LOW`–:data:`DROP_HIGH` of ``T``'s edges, run ``k`` with
        ``random.Random(seed + k)``; 0 skips them. Fewer on a big graph (:func:`runs_for`).
    base : sequence, optional
        ``rank(T)`` when the caller has it already.
    rank_kept : callable, optional
        The ranking of ``T`` keeping only the edges at these positions of
        ``list(T.edges())``: the same ranking as ``rank(dropped(T, …))`` for the same drawn
        edges, without building a graph per drop (brokers runs betweenness on index
        arrays; issue 19). Default: ``rank`` on :func:`dropped`.

    Returns
    -------
    dict
        item → ``rank`` (1-based, on ``T``), ``rank_without_inferred`` (None when the item
        is not ranked without inferred data), ``rank_min`` / ``rank_max`` over all variants,
        ``uncertain`` (spread ≥ :data:`UNCERTAIN_SPREAD`) and ``runs``. An item missing
        from a variant's ranking counts as ranked last + 1 there.

    >>> star = nx.star_graph(4)
    >>> r = rank_stability(lambda G: sorted(G, key=lambda v: -G.degree(v)), star, star, runs=2)
    >>> r[0]["rank"], r[0]["rank_min"], r[0]["rank_max"], r[0]["uncertain"]
    (1, 1, 1, False)
    """
    base = list(rank(T)) if base is None else list(base)
    variants: list[list[Hashable]] = [base if T_stated is T else list(rank(T_stated))]
    runs = runs_for(runs, T.number_of_nodes())
    for k in range(runs):
        share = DROP_LOW + (DROP_HIGH - DROP_LOW) * (k / (runs - 1) if runs > 1 else 0.0)
        rng = random.Random(seed + k)
        if rank_kept is None:
            variants.append(list(rank(dropped(T, share, rng))))
        else:
            m = T.number_of_edges()
            gone = dropped_indices(m, share, rng)
            variants.append(list(rank_kept([i for i in range(m) if i not in gone])))
    positions = [{v: i + 1 for i, v in enumerate(order)} for order in variants]
    out: dict[Hashable, dict[str, Any]] = {}
    for i, v in enumerate(base):
        ranks = [i + 1] + [p.get(v, len(p) + 1) for p in positions]
        lo, hi = min(ranks), max(ranks)
        out[v] = {"rank": i + 1, "rank_without_inferred": positions[0].get(v),
                  "rank_min": lo, "rank_max": hi, "uncertain": hi - lo >= UNCERTAIN_SPREAD,
                  "runs": runs}
    return out
