"""Who holds the network together: weighted betweenness, Burt's structural holes, and
Gould–Fernandez brokerage roles, per organisation, each with how stable its rank is.

Which graph each measure runs on (docs/METHODS.md):

* betweenness, constraint, effective size: the undirected **weighted** tie graph of
  organisations (:meth:`netmap.model.Network.weighted_tie_graph`): links weigh by type and
  yearly volume, a shared meeting by purpose and sittings (Newman 2001's 1/(n−1) among members,
  full weight from its convenor); betweenness uses distance = 1/weight (Opsahl, Agneessens &
  Skvoretz 2010), Burt's measures the weights themselves (Burt 1992);
* Gould–Fernandez roles: the **directed referral graph** (``refers_to`` links only), groups =
  sector, or 部 for the city's own divisions where ``department`` is known (庁内 brokerage);
  scored only with at least :data:`MIN_REFERRAL_LINKS` referral links;
* :func:`betweenness` and :func:`structural_holes` (every tie 1, every meeting a clique) are
  the measures before issue 13, kept for :mod:`netmap.analysis.compare` and the benchmark's
  side-by-side figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import networkx as nx

from netmap.analysis.gould_fernandez import ROLES, brokerage_roles
from netmap.analysis.stability import rank_stability
from netmap.model import TIE_TYPES, Network
from netmap.strings import t

__all__ = ["brokers", "referral_graph", "referral_status", "betweenness",
           "weighted_betweenness", "structural_holes", "weighted_structural_holes",
           "MIN_REFERRAL_LINKS"]

#: Fewest directed referral links with which Gould–Fernandez z-scores are printed. sna's null
#: model spreads a broker's expected two-paths over group pairs in proportion to group sizes;
#: with a handful of links almost every organisation brokers no two-path, its variance is
#: about 0 and its z-score is meaningless, while the one organisation with several links gets
#: a huge one (座間市: 9 links, hub z = 69.9, everyone else −0.18; issue 13). 20 links is the
#: least at which, in a city of 20–40 organisations, the mean degree in the referral graph
#: reaches about 1 so that more than one organisation can broker at all, and the usual rule
#: for a normal approximation to a count (expected ≥ 5 per cell, Cochran 1954) can hold for
#: the five role cells of the busiest brokers. Below it, roles are counted but not scored.
MIN_REFERRAL_LINKS = 20


def referral_graph(net: Network) -> nx.DiGraph[Any]:
    """The directed graph of ``refers_to`` links between organisations (all organisations).

    Each node's ``sector`` is its Gould–Fernandez group; a government organisation whose
    ``department`` (部) is known is grouped by it (``government:福祉部``), so brokerage between
    the city's own 部 (庁内 brokerage) shows as liaison/gatekeeping rather than coordination.
    """
    D: nx.DiGraph[Any] = nx.DiGraph()
    D.add_nodes_from((org, {"sector": f"government:{d['department']}"
                            if d.get("sector", "other") == "government" and d.get("department")
                            else d.get("sector", "other")})
                     for org, d in net.nodes_of("organisation"))
    for u, v, _ in net.links("refers_to"):
        if u != v:
            D.add_edge(u, v)
    return D


def _clean(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def betweenness(T: nx.Graph[Any]) -> dict[Any, float]:
    """Normalised betweenness of every node of an undirected graph (Brandes 2001).

    Computed by igraph (C, same algorithm) when it is installed, else by
    :func:`networkx.betweenness_centrality`; normalised as networkx does for an undirected
    graph, 2 / ((n − 1)(n − 2)). On the tie graph of the biggest synthetic city (1,296
    organisations, 6,539 ties) igraph took 0.13 s, rustworkx (used before) 0.34 s and
    networkx about 100× longer, all equal to 1e-16 (issue 19; tests/test_analysis.py checks
    igraph against networkx).

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    nodes = list(T)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    try:
        import igraph as ig  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - igraph is a declared dependency
        return {k: float(v) for k, v in nx.betweenness_centrality(T, normalized=True).items()}
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v in T.edges() if u != v],
                 directed=False)
    raw = g.betweenness(directed=False)
    scale = 2.0 / ((n - 1) * (n - 2))
    return {v: float(raw[i]) * scale for i, v in enumerate(nodes)}


def weighted_betweenness(T: nx.Graph[Any], weight: str = "distance") -> dict[Any, float]:
    """Normalised betweenness with path length = the sum of ``weight`` (Dijkstra; Brandes 2001).

    With ``weight="distance"`` (= 1/tie weight) a path along strong ties is short: Opsahl,
    Agneessens & Skvoretz (2010) with α = 1. Computed by igraph (C, a declared dependency);
    normalised as networkx does for an undirected graph, 2 / ((n − 1)(n − 2)).
    tests/test_brokerage.py checks it against :func:`networkx.betweenness_centrality`,
    against R igraph and against a hand count.

    Notes
    -----
    Two paths whose lengths differ by floating-point rounding only (1/3 + 1/3 + 1/3 vs 1)
    are tied in igraph (it compares with a relative epsilon) and may not be in networkx; the
    weights of :mod:`netmap.tie_weights` make such ties rare, and the tests use exact ones.

    >>> G = nx.Graph([("a", "b", {"distance": 1.0}), ("b", "c", {"distance": 1.0}),
    ...               ("a", "c", {"distance": 3.0})])
    >>> weighted_betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    nodes = list(T)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[u], index[v], float(d[weight])) for u, v, d in T.edges(data=True) if u != v]
    raw = _igraph_betweenness(n, [(a, b) for a, b, _ in pairs], [w for _, _, w in pairs])
    return dict(zip(nodes, raw, strict=True))


def _igraph_betweenness(n: int, edges: list[tuple[int, int]], lengths: list[float]
                        ) -> list[float]:
    """Normalised weighted betweenness of nodes ``0..n-1`` by igraph (C; Brandes 2001 with
    Dijkstra), path length the sum of ``lengths``; self-loops must be left out by the
    caller. As :func:`weighted_betweenness`, which it serves, and the rank drops."""
    if n < 3:
        return [0.0] * n
    import igraph as ig

    g = ig.Graph(n=n, edges=edges, directed=False)
    raw = g.betweenness(weights=lengths if edges else None, directed=False)
    scale = 2.0 / ((n - 1) * (n - 2))
    return [float(x) * scale for x in raw]


def weighted_structural_holes(T: nx.Graph[Any], weight: str = "weight"
                              ) -> tuple[dict[Any, float], dict[Any, float]]:
    """Burt's constraint and effective size on an undirected weighted graph (Burt 1992).

    With p_ij = w_ij / Σ_k w_ik (i's share of its tie volume spent on j) and
    m_jq = w_jq / max_k w_jk (j's tie to q relative to j's strongest):

    * constraint c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i)∩N(j)} p_iq·p_qj)², and
    * effective size e_i = Σ_{j∈N(i)} (1 − Σ_{q∈N(i)∖{j}} p_iq·m_jq),

    exactly :func:`networkx.constraint` and :func:`networkx.effective_size` with
    ``weight=`` (their mutual weight w_ij + w_ji is 2·w_ij on an undirected graph, which
    cancels), in one pass over the neighbourhoods instead of an ego graph per node. With all
    weights 1 they equal :func:`structural_holes`. Isolated nodes are left out (undefined).

    >>> c, e = weighted_structural_holes(nx.Graph([(0, 1, {"weight": 3.0}), (0, 2, {"weight": 1.0})]))
    >>> c[0], e[0]
    (0.625, 2.0)
    """
    w: dict[Any, dict[Any, float]] = {
        v: {u: float(d.get(weight, 1.0)) for u, d in T[v].items() if u != v} for v in T}
    strength = {v: sum(nb.values()) for v, nb in w.items()}
    top = {v: max(nb.values()) for v, nb in w.items() if nb}
    constraint: dict[Any, float] = {}
    effective: dict[Any, float] = {}
    for i, nb in w.items():
        if not nb:
            continue
        si = strength[i]
        p = {q: wiq / si for q, wiq in nb.items()}  # p_iq, each divided once
        c = 0.0
        e = 0.0
        for j, wij in nb.items():
            wj = w[j]
            tj = top[j]
            indirect = 0.0
            redundancy = 0.0
            # i's contacts in i's own order, not a set's: a set of ids iterates in an
            # order that changes with each process's string hash seed, and so would the
            # last bit of these sums (a parallel run must equal a serial one, issue 19)
            for q, piq in p.items():
                if q in wj and q != j:
                    wjq = wj[q]
                    indirect += piq * wjq / strength[q]
                    redundancy += piq * wjq / tj
            c += (wij / si + indirect) ** 2
            e += 1.0 - redundancy
        constraint[i] = c
        effective[i] = e
    return constraint, effective


def structural_holes(T: nx.Graph[Any]) -> tuple[dict[Any, float], dict[Any, float]]:
    """Burt's constraint and effective size of every tied node of an unweighted simple graph.

    For an unweighted undirected graph, Burt's proportional tie strength is p_ij = 1/d_i, so

    * constraint c_i = Σ_{j∈N(i)} (1/d_i + Σ_{q∈N(i)∩N(j)} 1/(d_i·d_q))², and
    * effective size e_i = d_i − 2·t_i/d_i, with t_i the ties among i's contacts
      (Borgatti 1997's simplification),

    the same values :func:`networkx.constraint` and :func:`networkx.effective_size` give (the
    tests compare them) without building an ego graph per node: networkx took hours on the
    national synthetic set, this takes seconds. Isolated nodes are left out (undefined).

    References
    ----------
    Burt, R. S. (1992). Structural Holes. Harvard University Press.
    Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
    Connections 20(1), 35-38.

    >>> c, e = structural_holes(nx.star_graph(3))
    >>> round(c[0], 6), e[0]
    (0.333333, 3.0)
    """
    nbr = {v: set(T[v]) - {v} for v in T}
    inv = {v: 1.0 / len(s) for v, s in nbr.items() if s}  # 1/d_q
    constraint: dict[Any, float] = {}
    effective: dict[Any, float] = {}
    for v, nv in nbr.items():
        d = len(nv)
        if d == 0:
            continue
        effective[v] = d - sum(len(nbr[u] & nv) for u in nv) / d
        c = 0.0
        for j in nv:
            s = (1.0 + sum(map(inv.__getitem__, nv & nbr[j]))) / d
            c += s * s
        constraint[v] = c
    return constraint, effective


def referral_status(net: Network) -> dict[str, Any]:
    """Whether Gould–Fernandez roles are scored: ``{referral_links, threshold, scored,
    message_ja, message_en}`` (the message is empty when scored)."""
    k = sum(1 for u, v, _ in net.links("refers_to") if u != v)
    ok = k >= MIN_REFERRAL_LINKS
    return {"referral_links": k, "threshold": MIN_REFERRAL_LINKS, "scored": ok,
            "message_ja": "" if ok else t("brokers.too_few", "ja", k=k, n=MIN_REFERRAL_LINKS),
            "message_en": "" if ok else t("brokers.too_few", "en", k=k, n=MIN_REFERRAL_LINKS)}


def _ranking(T: nx.Graph[Any], bc: dict[Any, float] | None = None) -> list[Any]:
    """Organisations best broker first: weighted betweenness, then strength, then id."""
    bc = weighted_betweenness(T) if bc is None else bc
    strength = dict(T.degree(weight="weight"))
    return sorted(T, key=lambda v: _rank_key(bc[v], strength[v], str(v)))


def _rank_key(bc: float, strength: float, name: str) -> tuple[float, float, str]:
    """The broker order of :func:`_ranking` and its rank drops: betweenness, then strength
    (both to 12 places, so float noise cannot split a tie), then id."""
    return (-round(bc, 12), -round(strength, 12), name)


def _kept_ranking(T: nx.Graph[Any]) -> Callable[[list[int]], list[Any]]:
    """:func:`_ranking` of ``T`` keeping only the edges at given positions of
    ``list(T.edges())``: the random drops of the rank range, each one igraph betweenness on
    index arrays built once, not a networkx graph per drop (issue 19).

    The values are those of :func:`_ranking` on :func:`~netmap.analysis.stability.dropped`'s
    copy, bit for bit: the same nodes in the same order, the kept edges in the same order
    (so igraph gets the same graph), and each node's strength summed over its kept edges in
    that order, as networkx sums a node's adjacency.
    """
    nodes = list(T)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v], float(d["weight"]), float(d["distance"]))
             for u, v, d in T.edges(data=True)]
    n = len(nodes)
    names = [str(v) for v in nodes]

    def rank(kept: list[int]) -> list[Any]:
        sub = [edges[i] for i in kept]
        bc = _igraph_betweenness(n, [(a, b) for a, b, _, _ in sub if a != b],
                                 [d for a, b, _, d in sub if a != b])
        strength = [0.0] * n
        for a, b, w, _ in sub:
            strength[a] += w
            strength[b] += w
        order = sorted(range(n), key=lambda i: _rank_key(bc[i], strength[i], names[i]))
        return [nodes[i] for i in order]

    return rank


def _evidence(net: Network) -> dict[str, str]:
    """Per organisation: its own evidence and that of every tie and meeting link it has
    (either end), in one pass over the links rather than one per organisation."""
    seen: dict[str, set[str]] = {}
    kinds = (*TIE_TYPES, "attends", "convenes")
    for u, v, d in net.edge_list():
        if d.get("type") in kinds and d.get("evidence"):
            text = str(d["evidence"])
            seen.setdefault(u, set()).add(text)
            seen.setdefault(v, set()).add(text)
    out = {}
    for org, d in net.nodes_of("organisation"):
        texts = seen.get(org, set())
        if d.get("evidence"):
            texts = texts | {str(d["evidence"])}
        out[org] = "; ".join(sorted(texts))
    return out


def brokers(net: Network, stability_runs: int = 5, seed: int = 0) -> list[dict[str, Any]]:
    """One row per organisation with every brokerage measure, best broker first.

    Parameters
    ----------
    net : Network
    stability_runs : int
        Seeded random drops of 10–20 % of ties behind each row's rank range
        (:func:`netmap.analysis.stability.rank_stability`); 0 keeps only the rank without
        inferred links.
    seed : int
        Seed of the first drop.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``sector``, ``hub``, ``degree`` (organisations tied), ``strength``
        (sum of tie weights), ``betweenness`` (weighted, :func:`weighted_betweenness`),
        ``constraint`` and
        ``effective_size`` (weighted Burt 1992, :func:`weighted_structural_holes`; None for an
        isolated organisation), ``rank``, ``rank_without_inferred``, ``rank_min``,
        ``rank_max``, ``uncertain`` (不確か), ``evidence``, and for each Gould–Fernandez role
        (``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``, ``liaison``,
        ``total``) the count, ``<role>_expected`` and ``<role>_z`` — None when the network has
        fewer than :data:`MIN_REFERRAL_LINKS` referral links (:func:`referral_status`) or the
        null variance is 0.

    Notes
    -----
    Rows are ordered by weighted betweenness, then strength, then id (``rank``). Each
    organisation belongs to exactly one Gould–Fernandez group; the multi-group extension of
    Everett & Borgatti is not supported.

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math. Sociology 25.
    Burt, R. S. (1992). Structural Holes. Harvard University Press.
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. Sociological
    Methodology 19, 89-126.
    Newman, M. E. J. (2001). Scientific collaboration networks II. Physical Review E 64.
    Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted networks.
    Social Networks 32, 245-251.
    """
    T = net.weighted_tie_graph()
    between = weighted_betweenness(T)
    constraint, eff = weighted_structural_holes(T)
    stated = net.weighted_tie_graph(include_inferred=False) if net.has_inferred() else T
    ranks = rank_stability(_ranking, T, stated, runs=stability_runs, seed=seed,
                           base=_ranking(T, between), rank_kept=_kept_ranking(T))
    D = referral_graph(net)
    scored = referral_status(net)["scored"]
    roles = brokerage_roles(D, {n: D.nodes[n]["sector"] for n in D})
    rows = []
    evidence = _evidence(net)
    degree = dict(T.degree())
    strength = dict(T.degree(weight="weight"))
    for org, d in net.nodes_of("organisation"):
        row: dict[str, Any] = {
            "id": org, "name": d.get("name", org), "sector": d.get("sector"),
            "hub": bool(d.get("hub")), "degree": int(degree[org]),
            "strength": round(float(strength[org]), 6),
            "betweenness": round(float(between.get(org, 0.0)), 6),
            "constraint": _clean(constraint.get(org)),
            "effective_size": _clean(eff.get(org)),
            **ranks[org], "evidence": evidence[org],
        }
        r = roles.get(org, {})
        for role in ROLES:
            row[role] = r.get(role, 0)
        for role in ROLES:
            row[f"{role}_expected"] = r.get(f"{role}_expected") if scored else None
            row[f"{role}_z"] = r.get(f"{role}_z") if scored else None
        rows.append(row)
    rows.sort(key=lambda r: r["rank"])
    return rows
