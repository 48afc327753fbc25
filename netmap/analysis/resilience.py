"""What each loss does: remove every organisation and meeting — the hub included — and measure
the coverage the hub can still pass a person to.

A support network's worst single failure is usually its hub (座間: removing 自立サポート担当
leaves 15 pieces where there were 2, issue 13), yet an articulation-point analysis rooted at the
hub never removes the hub. Here every node is removed in turn on the **client-route graph**
(referrals, commissioning, partnerships, and ``case`` meetings as nodes joined to their
members: the routes along which a person can actually be passed on), and the loss is read as
coverage: the needs — weighted by observed demand where ``demand.csv`` exists — whose
providers the hub can still reach. For the hub itself, "can still reach" is the best any
remaining piece of the network covers on its own: what a stand-in could hold together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from netmap.analysis.stability import rank_stability
from netmap.model import Network
from netmap.tie_weights import CLIENT_ROUTE_LINKS, CLIENT_ROUTE_PURPOSES

__all__ = ["critical_nodes", "cut_off_sets", "route_graph"]


def route_graph(net: Network, include_inferred: bool = True) -> nx.Graph[Any]:
    """Organisations and ``case`` meetings, joined by client routes (see the module docstring).

    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> R = route_graph(load_dataset(repo_root() / "datasets" / "zama"))
    >>> "mtg-hokatsu-wg" in R   # a planning WG is not a route
    False
    """

    def ok(d: dict[str, Any]) -> bool:
        return include_inferred or d.get("certainty") != "inferred"

    R: nx.Graph[Any] = nx.Graph()
    R.add_nodes_from((o, {"node_type": "organisation"}) for o, d in net.nodes_of("organisation")
                     if ok(d))
    R.add_nodes_from((m, {"node_type": "meeting"}) for m, d in net.nodes_of("meeting")
                     if ok(d) and d.get("purpose") in CLIENT_ROUTE_PURPOSES)
    for u, v, d in net.edge_list():
        t = d.get("type")
        if not ok(d) or u not in R or v not in R:
            continue
        if t in CLIENT_ROUTE_LINKS or (t in ("attends", "convenes") and
                                       R.nodes[v]["node_type"] == "meeting"):
            R.add_edge(u, v)
    return R


def cut_off_sets(T: nx.Graph[Any] | Mapping[str, Iterable[str]], root: str
                 ) -> dict[str, list[str]]:
    """For every node whose removal cuts others off from ``root``, the nodes it cuts off.

    ``T`` is a graph or an adjacency (node → neighbours).

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
    stack: list[tuple[str, str | None, Iterator[str]]] = [(root, None, iter(T[root]))]
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



def _coverage(net: Network, orgs: Iterable[str], needs_of: dict[str, set[str]],
              demand: dict[str, int]) -> tuple[int, int | None]:
    """Needs covered by ``orgs`` and their observed demand (None without demand.csv)."""
    covered: set[str] = set()
    for o in orgs:
        covered |= needs_of.get(o, set())
    return len(covered), (sum(demand.get(c, 0) for c in covered) if demand else None)


def _after_loss(reach: set[str], gone: Iterable[str], needs_of: dict[str, set[str]],
                count: dict[str, int], demand: dict[str, int]) -> tuple[int, int | None]:
    """:func:`_coverage` of ``reach`` minus ``gone``, from per-need provider counts: only the
    needs of the lost organisations are touched (O(lost), not O(reach))."""
    lost: dict[str, int] = {}
    for o in gone:
        if o in reach:
            for c in needs_of.get(o, ()):
                lost[c] = lost.get(c, 0) + 1
    dropped = [c for c, k in lost.items() if count[c] - k <= 0]
    n = len(count) - len(dropped)
    if not demand:
        return n, None
    return n, sum(demand.get(c, 0) for c in count) - sum(demand.get(c, 0) for c in dropped)


def _component(adj: Mapping[str, Iterable[str]], start: str, skip: str | None = None
               ) -> set[str]:
    """The nodes reachable from ``start`` in the adjacency ``adj``, never entering ``skip``."""
    seen = {start}
    todo = [start]
    while todo:
        for w in adj[todo.pop()]:
            if w not in seen and w != skip:
                seen.add(w)
                todo.append(w)
    return seen


def _critical_rows(net: Network, adj: Mapping[str, Iterable[str]], kind: Mapping[str, str],
                   providers: dict[str, list[str]], demand: dict[str, int],
                   needs_of: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The rows of :func:`critical_nodes` on the route graph given as an adjacency (node →
    neighbours, every node a key) and each node's type: plain dicts rather than networkx
    views, so that each of the rank-range drops costs a few list operations (issue 19)."""
    rows, before, sole = _loss_rows(net, adj, kind, providers, demand, needs_of)
    hub = net.hub
    return _critical_dicts(net, rows, before, sole, hub is not None and hub in adj)


def _loss_rows(net: Network, adj: Mapping[str, Iterable[str]], kind: Mapping[str, str],
               providers: dict[str, list[str]], demand: dict[str, int],
               needs_of: dict[str, set[str]]
               ) -> tuple[list[tuple[str, list[str], tuple[int, int | None], int | None]],
                          tuple[int, int | None], dict[str, list[str]]]:
    """Each loss as ``(node, cut off, coverage after, pieces)``, worst first, the coverage
    before, and each sole provider's needs: what :func:`_critical_rows` and
    :func:`_critical_order` read."""
    hub = net.hub
    orgs = [v for v in adj if kind[v] == "organisation"]
    sole: dict[str, list[str]] = {}
    for code, who in providers.items():
        if len(who) == 1:
            sole.setdefault(who[0], []).append(code)
    rows: list[tuple[str, list[str], tuple[int, int | None], int | None]] = []
    if hub is not None and hub in adj:
        reach = _component(adj, hub)
        before = _coverage(net, reach, needs_of, demand)
        count: dict[str, int] = {}
        for o in reach:
            for c in needs_of.get(o, ()):
                count[c] = count.get(c, 0) + 1
        cuts = cut_off_sets(adj, hub)
        for v, gone in cuts.items():
            after = _after_loss(reach, [*gone, v], needs_of, count, demand)
            rows.append((v, sorted(gone), after, None))
        parts: list[set[str]] = []
        left = reach - {hub}
        while left:
            part = _component(adj, next(iter(left)), skip=hub)
            left -= part
            if any(kind[n] == "organisation" for n in part):
                parts.append(part)
        best = max((_coverage(net, c, needs_of, demand) for c in parts),
                   key=lambda x: (x[1] or 0, x[0]), default=(0, 0 if demand else None))
        rows.append((hub, sorted(reach - {hub}), best, len(parts)))
    else:
        before = _coverage(net, orgs, needs_of, demand)
    seen = {r[0] for r in rows}
    rows += [(o, [], before, None) for o in sole if o not in seen and o in adj]
    # worst first: demand lost, then needs lost, then nodes cut off and sole provisions
    # (×3), then id
    rows.sort(key=lambda r: (-((before[1] or 0) - (r[2][1] or 0)), -(before[0] - r[2][0]),
                             -(len(r[1]) + 3 * len(sole.get(r[0], []))), r[0]))
    return rows, before, sole


def _critical_dicts(net: Network,
                    rows: list[tuple[str, list[str], tuple[int, int | None], int | None]],
                    before: tuple[int, int | None], sole: dict[str, list[str]],
                    rooted: bool) -> list[dict[str, Any]]:
    """The rows of :func:`_loss_rows` as dicts, in their order (worst loss first)."""
    hub = net.hub
    comps = 1 if rooted else 0
    out = []
    for v, gone, (n_after, d_after), pieces in rows:
        out.append({"id": v, "name": net.name_of(v), "node_type": net.graph.nodes[v]["node_type"],
                    "hub": v == hub, "articulation": bool(gone) and v != hub,
                    "cut_off": gone, "needs_lost": sorted(sole.get(v, [])),
                    "needs_reachable_before": before[0], "needs_reachable_after": n_after,
                    "demand_reachable_before": before[1], "demand_reachable_after": d_after,
                    "components_before": comps, "components_after": pieces})
    return out


def _critical_order(net: Network, adj: Mapping[str, Iterable[str]], kind: Mapping[str, str],
                    providers: dict[str, list[str]], demand: dict[str, int],
                    needs_of: dict[str, set[str]]) -> list[str]:
    """The ids of :func:`_critical_rows` in its order, without building its rows (the rank
    drops need only the order)."""
    return [r[0] for r in _loss_rows(net, adj, kind, providers, demand, needs_of)[0]]


def critical_nodes(net: Network, providers: dict[str, list[str]] | None = None,
                   demand: dict[str, int] | None = None, stability_runs: int = 5,
                   seed: int = 0) -> list[dict[str, Any]]:
    """Organisations and meetings whose loss shrinks what the hub can reach, worst first.

    Returns
    -------
    list of dict
        ``id``, ``name``, ``node_type``, ``hub``, ``articulation``, ``cut_off`` (ids the hub
        no longer reaches; for the hub, everything it reached), ``needs_lost`` (needs whose
        only provider it is), ``needs_reachable_before``/``_after`` and
        ``demand_reachable_before``/``_after`` (None without demand.csv; for the hub, the
        best remaining piece), ``components_before``/``_after`` (the hub's reach is 1 piece
        before; after, for the hub only, the pieces its reach falls into), ``evidence`` and
        the rank-stability keys of
        :func:`netmap.analysis.stability.rank_stability` (``rank``, ``rank_min``,
        ``rank_max``, ``uncertain`` …).

    Notes
    -----
    The what-if of removing each non-hub node is answered for all at once by
    :func:`cut_off_sets` (Hopcroft & Tarjan 1973); the hub's by one components count.
    """
    from netmap.analysis.demand import demand_totals

    providers = providers if providers is not None else net.providers()
    demand = demand if demand is not None else demand_totals(net)
    R = route_graph(net)
    needs_of = net.needs_by_org()
    kind = {v: str(t) for v, t in R.nodes(data="node_type")}
    rows = _critical_rows(net, R.adj, kind, providers, demand, needs_of)

    def order(H: nx.Graph[Any]) -> list[str]:
        return _critical_order(net, H.adj, kind, providers, demand, needs_of)

    edges = list(R.edges())

    def order_kept(kept: list[int]) -> list[str]:
        """:func:`order` of the dropped copy, from an adjacency of the kept edges."""
        adj: dict[str, list[str]] = {v: [] for v in R}
        for i in kept:
            u, v = edges[i]
            adj[u].append(v)
            if u != v:
                adj[v].append(u)
        return _critical_order(net, adj, kind, providers, demand, needs_of)

    stated = route_graph(net, include_inferred=False) if net.has_inferred() else R
    ranks = rank_stability(order, R, stated, runs=stability_runs, seed=seed,
                           base=[r["id"] for r in rows], rank_kept=order_kept)
    for r in rows:
        r.update(ranks.get(r["id"], {}))
        r["evidence"] = str(net.graph.nodes[r["id"]].get("evidence") or "")
    return rows
