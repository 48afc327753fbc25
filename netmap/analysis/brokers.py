"""Who holds the network together: betweenness, Burt's structural holes, and Gould–Fernandez
brokerage roles, per organisation.

Betweenness and Burt's measures are computed on the undirected one-mode tie graph
(:meth:`netmap.model.Network.tie_graph` without meetings: two organisations are tied by a
referral, commissioning, partnership, information sharing, or a shared meeting). Brokerage roles
need direction, so they use the directed ``refers_to`` links only, with ``sector`` as the group
(:mod:`netmap.analysis.brokerage`).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from netmap.analysis.brokerage import ROLES, brokerage_roles
from netmap.model import Network

__all__ = ["brokers", "referral_graph"]


def referral_graph(net: Network) -> nx.DiGraph:
    """The directed graph of ``refers_to`` links between organisations (all organisations)."""
    D = nx.DiGraph()
    for org, d in net.nodes_of("organisation"):
        D.add_node(org, sector=d.get("sector", "other"))
    for u, v, _ in net.links("refers_to"):
        if u != v:
            D.add_edge(u, v)
    return D


def _clean(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def brokers(net: Network) -> list[dict[str, Any]]:
    """One row per organisation with every brokerage measure, highest betweenness first.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``sector``, ``degree`` (ties), ``betweenness`` (normalised,
        Brandes 2001), ``constraint`` and ``effective_size`` (Burt 1992, via networkx; None
        for an isolated organisation, where they are undefined), and for each Gould–Fernandez
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
    betweenness = nx.betweenness_centrality(T, normalized=True)
    connected = [n for n in T if T.degree(n) > 0]
    constraint = nx.constraint(T, nodes=connected) if connected else {}
    eff = nx.effective_size(T, nodes=connected) if connected else {}
    D = referral_graph(net)
    roles = brokerage_roles(D, {n: D.nodes[n]["sector"] for n in D})
    rows = []
    for org, d in net.nodes_of("organisation"):
        row: dict[str, Any] = {
            "id": org, "name": d.get("name", org), "sector": d.get("sector"),
            "hub": bool(d.get("hub")), "degree": int(T.degree(org)),
            "betweenness": round(float(betweenness.get(org, 0.0)), 6),
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
