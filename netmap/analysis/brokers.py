"""Who holds the network together: betweenness, Burt's structural holes, and Gould–Fernandez
brokerage roles, per organisation.

Betweenness and Burt's measures are computed on the undirected one-mode tie graph
(:meth:`netmap.model.Network.tie_graph` without meetings: two organisations are tied by a
referral, commissioning, partnership, information sharing, or a shared meeting). Brokerage roles
need direction, so they use the directed ``refers_to`` links only, with ``sector`` as the group
(:mod:`netmap.analysis.gould_fernandez`).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from netmap.analysis.gould_fernandez import ROLES, brokerage_roles
from netmap.model import Network

__all__ = ["brokers", "referral_graph", "betweenness", "structural_holes"]


def referral_graph(net: Network) -> nx.DiGraph:
    """The directed graph of ``refers_to`` links between organisations (all organisations)."""
    D = nx.DiGraph()
    for org, d in net.nodes_of("organisation"):
        D.add_node(org, sector=d.get("sector", "other"))
    for u, v, _ in net.links("refers_to"):
        if u != v:
            D.add_edge(u, v)
    return D


def _clean(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def betweenness(T: nx.Graph) -> dict[Any, float]:
    """Normalised betweenness of every node of an undirected graph (Brandes 2001).

    Computed by rustworkx (Rust, same algorithm) when it is installed — about 40× faster than
    networkx on a 2,000-node city — else by :func:`networkx.betweenness_centrality`. Both give
    the same values (to rounding: tests/test_analysis.py checks them against each other).

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    try:
        import rustworkx as rx
    except ImportError:  # pragma: no cover - rustworkx is a declared dependency
        return nx.betweenness_centrality(T, normalized=True)
    nodes = list(T)
    index = {n: i for i, n in enumerate(nodes)}
    R = rx.PyGraph(multigraph=False)
    R.add_nodes_from(nodes)
    R.add_edges_from_no_data([(index[u], index[v]) for u, v in T.edges() if u != v])
    bc = rx.graph_betweenness_centrality(R, normalized=True)
    return {n: float(bc[i]) for i, n in enumerate(nodes)}


def structural_holes(T: nx.Graph) -> tuple[dict[Any, float], dict[Any, float]]:
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


def brokers(net: Network) -> list[dict[str, Any]]:
    """One row per organisation with every brokerage measure, highest betweenness first.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``sector``, ``degree`` (ties), ``betweenness`` (normalised,
        Brandes 2001; :func:`betweenness`), ``constraint`` and ``effective_size`` (Burt 1992;
        :func:`structural_holes`; None for an isolated organisation, where they are
        undefined), and for each Gould–Fernandez
        role (``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``,
        ``liaison``, ``total``) the raw count, ``<role>_expected`` and ``<role>_z`` (None
        where the null model's variance is 0).

    Notes
    -----
    Each organisation belongs to exactly one group (its sector); the multi-group extension of
    Everett & Borgatti is not supported.

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math. Sociology 25.
    Burt, R. S. (1992). Structural Holes. Harvard University Press.
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation. Sociological
    Methodology 19, 89-126.
    """
    T = net.tie_graph(with_meetings=False)
    between = betweenness(T)
    constraint, eff = structural_holes(T)
    D = referral_graph(net)
    roles = brokerage_roles(D, {n: D.nodes[n]["sector"] for n in D})
    rows = []
    for org, d in net.nodes_of("organisation"):
        row: dict[str, Any] = {
            "id": org, "name": d.get("name", org), "sector": d.get("sector"),
            "hub": bool(d.get("hub")), "degree": int(T.degree(org)),
            "betweenness": round(float(between.get(org, 0.0)), 6),
            "constraint": _clean(constraint.get(org)),
            "effective_size": _clean(eff.get(org)),
        }
        r = roles.get(org, {})
        for role in ROLES:
            row[role] = r.get(role, 0)
        for role in ROLES:
            row[f"{role}_expected"] = r.get(f"{role}_expected")
            row[f"{role}_z"] = r.get(f"{role}_z")
        rows.append(row)
    rows.sort(key=lambda r: (-r["betweenness"], -r["total"], r["id"]))
    return rows
