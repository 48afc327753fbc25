"""Gaps in a support network: needs nobody covers, single points of failure, providers the hub
cannot reach, providers that never meet, sectors never linked, and what breaks if one leaves.

The coordinator's question behind each (seed 002 lines 558-570: チーム座間 was built one case at
a time): *if a person with this need walks in, can the 司令塔 get them to someone who helps, and
what happens when that someone is gone?*
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from netmap.model import SECTORS, Network, need_node
from netmap.taxonomy import load_taxonomy

__all__ = ["gaps", "sector_mixing", "critical_nodes", "cut_off_sets", "demand_ranking"]


def _evidence(net: Network, org: str, need: str) -> list[str]:
    """Evidence of the covers links behind "``org`` covers ``need``" (direct or via program)."""
    out: list[str] = []
    G = net.graph
    for _, target, d in G.out_edges(org, data=True):
        if d["type"] == "covers" and target == need_node(need):
            out.append(d.get("evidence", ""))
        elif d["type"] == "operates":
            for _, t2, d2 in G.out_edges(target, data=True):
                if d2["type"] == "covers" and t2 == need_node(need):
                    out.append(f"{G.nodes[target].get('name', target)}: {d2.get('evidence', '')}")
    return sorted(set(filter(None, out)))


def sector_mixing(net: Network, T: nx.Graph | None = None) -> dict[str, dict[str, int]]:
    """Ties between sectors: ``matrix[s][t]`` = organisation pairs tied across ``s`` and ``t``.

    Counted on the one-mode tie graph (:meth:`Network.tie_graph` without meetings: referral,
    commissioning, partnership, information sharing, or a shared meeting). Symmetric; the
    diagonal counts ties inside a sector. Only sectors present in the network appear. ``T``
    is that tie graph when the caller has it already.
    """
    T = T if T is not None else net.tie_graph(with_meetings=False)
    present = [s for s in SECTORS if any(d.get("sector") == s for _, d in T.nodes(data=True))]
    matrix = {s: dict.fromkeys(present, 0) for s in present}
    for u, v in T.edges():
        a, b = T.nodes[u]["sector"], T.nodes[v]["sector"]
        matrix[a][b] += 1
        if a != b:
            matrix[b][a] += 1
    return matrix


def cut_off_sets(T: nx.Graph, root: str) -> dict[str, list[str]]:
    """For every node whose removal cuts others off from ``root``, the nodes it cuts off.

    One depth-first search from ``root`` with Hopcroft & Tarjan's low points (1973): a
    non-root node v separates the DFS subtree of its child c from the root exactly when
    low(c) ≥ disc(v), and those subtrees are contiguous runs of the DFS pre-order. So every
    what-if ("remove v: who can the hub no longer reach?") is answered in O(n + m) in all,
    instead of one search per articulation point.

    >>> cut_off_sets(nx.path_graph(["h", "a", "b"]), "h")
    {'a': ['b']}
    """
    disc = {root: 0}
    low = {root: 0}
    order = [root]
    out: dict[str, list[str]] = {}
    stack = [(root, None, iter(T[root]))]
    while stack:
        v, parent, neighbours = stack[-1]
        for w in neighbours:
            if w == parent or w == v:
                continue
            if w in disc:
                low[v] = min(low[v], disc[w])
            else:
                disc[w] = low[w] = len(order)
                order.append(w)
                stack.append((w, v, iter(T[w])))
                break
        else:
            stack.pop()
            if stack:
                p = stack[-1][0]
                low[p] = min(low[p], low[v])
                if p != root and low[v] >= disc[p]:
                    out.setdefault(p, []).extend(order[disc[v]:])
    return out


def critical_nodes(net: Network, providers: dict[str, list[str]] | None = None,
                   T: nx.Graph | None = None) -> list[dict[str, Any]]:
    """Organisations or meetings whose removal cuts others off from the hub or leaves a need
    uncovered, each with what it would break.

    The tie graph here keeps meetings as nodes, so a meeting that is the only place two groups
    meet shows up. The what-if of removing each node is answered for all nodes at once by
    :func:`cut_off_sets` (articulation points of the hub's component, Hopcroft & Tarjan
    1973); the sole providers of a need are added. ``T`` is the tie graph with meetings when
    the caller has it already.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``node_type``, ``articulation`` (bool), ``cut_off`` (ids no longer
        reachable from the hub), ``needs_lost`` (needs left with no provider), sorted by the
        size of the damage.
    """
    providers = providers if providers is not None else net.providers()
    T = T if T is not None else net.tie_graph(with_meetings=True)
    hub = net.hub
    cuts = cut_off_sets(T, hub) if hub is not None and hub in T else {}
    sole: dict[str, list[str]] = {}
    for code, orgs in providers.items():
        if len(orgs) == 1 and orgs[0] != hub:
            sole.setdefault(orgs[0], []).append(code)
    out = []
    for v in [*cuts, *(o for o in sole if o not in cuts)]:
        out.append({"id": v, "name": net.name_of(v),
                    "node_type": net.graph.nodes[v]["node_type"], "articulation": v in cuts,
                    "cut_off": sorted(cuts.get(v, [])), "needs_lost": sorted(sole.get(v, []))})
    out.sort(key=lambda r: (-(len(r["cut_off"]) + 3 * len(r["needs_lost"])), r["id"]))
    return out


def demand_ranking(net: Network, providers: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
    """Needs ranked by observed cases per provider (``demand.csv``), the pressure on each.

    A need with cases and no provider ranks first (``cases_per_provider`` is None there), then
    cases per provider, highest first: 70 cases with one provider (70.0) ranks above 5 cases
    with one provider (5.0).
    """
    providers = providers if providers is not None else net.providers()
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for row in net.graph.graph.get("demand", []):
        counts[row["need"]] = counts.get(row["need"], 0) + int(row["count"])
        labels.setdefault(row["need"], row.get("label", ""))
    rows = []
    for code, n in counts.items():
        k = len(providers.get(code, []))
        rows.append({"need": code, "label": labels[code], "demand": n, "providers": k,
                     "cases_per_provider": round(n / k, 3) if k else None})
    rows.sort(key=lambda r: (r["providers"] > 0, -(r["cases_per_provider"] or 0), -r["demand"]))
    return rows


def gaps(net: Network, max_steps: int = 2) -> dict[str, Any]:
    """Every gap of the network, as plain data (``netmap gaps``).

    Parameters
    ----------
    net : Network
    max_steps : int
        How many ties away from the hub a provider may be and still count as reachable.

    Returns
    -------
    dict
        - ``uncovered``: need codes no organisation covers (taxonomy and demand.csv needs);
        - ``thin``: ``{need, providers, evidence, demand}`` for needs with exactly one provider;
        - ``unreachable``: ``{need, providers: [{id, steps, path}]}`` for needs none of whose
          providers is within ``max_steps`` ties of the hub (``steps``/``path`` None when not
          connected at all);
        - ``unlinked_duplicates``: ``{need, providers}`` where ≥ 2 providers share no tie and
          no meeting with one another;
        - ``sector_holes``: ``[a, b]`` pairs of present sectors with no tie between them;
        - ``critical``: see :func:`critical_nodes`;
        - ``ranking``: see :func:`demand_ranking` (empty without demand.csv);
        - ``hub``: the hub's id (None: reachability is not computed), ``max_steps``.

    Notes
    -----
    Ties are undirected here: a referral either way, commissioning, partnership, information
    sharing, or attending the same meeting makes two organisations one step apart. A need is
    covered by an organisation directly (``needs``/``covers``) or through a program it operates.
    The hub itself is a provider like any other (it is at 0 steps).

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> g = gaps(load_dataset(repo_root() / "datasets" / "zama"))
    >>> "elder_care" in g["uncovered"]
    True
    """
    tax = load_taxonomy()
    providers = net.providers()
    G = net.graph
    demand = {}
    for row in G.graph.get("demand", []):
        demand[row["need"]] = demand.get(row["need"], 0) + int(row["count"])

    uncovered = [code for code, orgs in providers.items() if not orgs]
    uncovered.sort(key=lambda c: (-demand.get(c, 0), list(tax.needs).index(c) if c in tax else 0))
    thin = [{"need": code, "providers": orgs, "names": [net.name_of(o) for o in orgs],
             "evidence": _evidence(net, orgs[0], code), "demand": demand.get(code)}
            for code, orgs in providers.items() if len(orgs) == 1]
    thin.sort(key=lambda r: -(r["demand"] or 0))

    T = net.tie_graph(with_meetings=False)
    hub = net.hub
    unreachable = []
    if hub is not None:
        dist = nx.single_source_shortest_path(T, hub)
        for code, orgs in providers.items():
            if not orgs or any(o in dist and len(dist[o]) - 1 <= max_steps for o in orgs):
                continue
            unreachable.append({"need": code, "providers": [
                {"id": o, "name": net.name_of(o),
                 "steps": len(dist[o]) - 1 if o in dist else None,
                 "path": dist.get(o)} for o in orgs]})

    unlinked = []
    for code, orgs in providers.items():
        if len(orgs) >= 2 and not any(T.has_edge(a, b) for a, b in itertools.combinations(orgs, 2)):
            unlinked.append({"need": code, "providers": orgs,
                             "names": [net.name_of(o) for o in orgs]})

    matrix = sector_mixing(net, T)
    holes = [[a, b] for a, b in itertools.combinations(matrix, 2) if matrix[a][b] == 0]

    return {
        "hub": hub,
        "max_steps": max_steps,
        "uncovered": uncovered,
        "thin": thin,
        "unreachable": unreachable,
        "unlinked_duplicates": unlinked,
        "sector_holes": holes,
        "critical": critical_nodes(net, providers),
        "ranking": demand_ranking(net, providers),
    }
