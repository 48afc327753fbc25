"""Municipalities side by side (coverage matrix and network scores), and one municipality over
time (what changed between two snapshots).

A prefecture or the ministry looking across municipalities asks *which needs are covered
where, and by how many providers per 10,000 people*; a coordinator looking at last year's map
and this year's asks *who joined, who left, which ties are new, which gaps closed*. Both are
plain-data answers built from the same :class:`~netmap.model.Network` questions as
:mod:`netmap.analysis.coverage` and :mod:`netmap.analysis.brokers`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from netmap.analysis.brokers import betweenness
from netmap.analysis.coverage import gaps
from netmap.model import LINK_TYPES, Network
from netmap.taxonomy import load_taxonomy

__all__ = ["compare", "scores", "diff", "BROKER_THRESHOLD", "SCORE_LABELS"]

#: An organisation is counted as a broker when at least this share of the shortest paths
#: between pairs of other organisations passes through it (normalised betweenness, Brandes
#: 2001, on the one-mode tie graph — the ``betweenness`` column of ``netmap brokers``).
#: 0.05 keeps the hub and the few organisations that join otherwise separate groups (座間市:
#: 4 of 41, 0.69 to 0.094, the fifth is at 0.047; 国立市: 2 of 22; 藤沢市: 3 of 22) while
#: members of a dense group stay below it. A fixed share, unlike a top decile, lets a
#: municipality with no brokers at all show 0.
BROKER_THRESHOLD = 0.05

#: Score keys with Japanese and English labels, in display order.
SCORE_LABELS: dict[str, tuple[str, str]] = {
    "nodes": ("ノード", "Nodes"),
    "organisations": ("機関・団体", "Organisations"),
    "ties": ("つながり", "Ties"),
    "density": ("密度", "Density"),
    "hub_reach": ("司令塔から2歩", "Hub reach (2 steps)"),
    "brokers": ("つなぎ役", "Brokers"),
    "thin_needs": ("提供1か所のニーズ", "Thin needs"),
    "uncovered_needs": ("未対応ニーズ", "Uncovered needs"),
}


def scores(net: Network, sample: int | None = None) -> dict[str, Any]:
    """The network scores of one municipality (one row of :func:`compare`).

    Parameters
    ----------
    net : Network
    sample : int, optional
        Estimate betweenness from this many source organisations (Brandes & Pich 2007) when
        the network has more organisations than that; exact when None.

    Returns
    -------
    dict
        - ``nodes``: organisations, programs, meetings and roles (need nodes are shared by
          every municipality and not counted);
        - ``organisations``;
        - ``ties``: edges of the one-mode tie graph (referral, commissioning, partnership,
          information sharing, or a shared meeting; :meth:`Network.tie_graph`);
        - ``density``: ties / possible ties (0.0 with fewer than 2 organisations);
        - ``hub_reach``: share of the other organisations within 2 ties of the hub (None
          without a hub or other organisations);
        - ``brokers``: organisations with betweenness ≥ :data:`BROKER_THRESHOLD`;
        - ``thin_needs`` / ``uncovered_needs``: needs with exactly one / no provider, as in
          :func:`netmap.analysis.coverage.gaps`.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> s = scores(load_dataset(repo_root() / "datasets" / "zama"))
    >>> s["organisations"], s["uncovered_needs"]
    (41, 6)
    """
    G = net.graph
    T = net.tie_graph(with_meetings=False)
    orgs = net.organisations()
    n = len(orgs)
    hub = net.hub
    reach: float | None = None
    if hub is not None and n > 1:
        near = nx.single_source_shortest_path_length(T, hub, cutoff=2)
        reach = round((len(near) - 1) / (n - 1), 6)
    if n > 2:
        k = sample if sample is not None and sample < n else None
        bc = (nx.betweenness_centrality(T, k=k, normalized=True, seed=0) if k
              else betweenness(T))
    else:
        bc = {}
    providers = net.providers()
    return {
        "nodes": sum(1 for _, d in G.nodes(data=True) if d.get("node_type") != "need"),
        "organisations": n,
        "ties": T.number_of_edges(),
        "density": round(float(nx.density(T)), 6) if n > 1 else 0.0,
        "hub_reach": reach,
        "brokers": sum(1 for o in orgs if bc.get(o, 0.0) >= BROKER_THRESHOLD),
        "thin_needs": sum(1 for p in providers.values() if len(p) == 1),
        "uncovered_needs": sum(1 for p in providers.values() if not p),
    }


def compare(nets: list[Network], sample: int | None = None) -> dict[str, Any]:
    """Coverage matrix and network scores of many municipalities (``netmap compare``).

    Parameters
    ----------
    nets : list of Network
    sample : int, optional
        Passed to :func:`scores` (sampled betweenness for big networks).

    Returns
    -------
    dict
        - ``needs``: need codes in taxonomy order (then any other code met), the columns;
        - ``need_labels``: code → ``[label_ja, label_en]``;
        - ``broker_threshold``: :data:`BROKER_THRESHOLD`;
        - ``municipalities``: one dict per network, in the given order, with ``slug``,
          ``code``, ``name``, ``prefecture``, ``population`` (None when unknown),
          ``synthetic``, ``draft`` (an extracted draft, not yet reviewed), ``providers`` (need → number of organisations covering it, directly
          or through a program), ``per_10k`` (need → providers per 10,000 people, 3 decimals;
          None when the population is unknown) and ``scores`` (:func:`scores`).

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> c = compare([load_dataset(repo_root() / "datasets" / s) for s in ("zama", "kunitachi")])
    >>> [m["providers"]["housing"] for m in c["municipalities"]]
    [3, 3]
    """
    tax = load_taxonomy()
    codes = [n.code for n in tax]
    rows = []
    for net in nets:
        providers = net.providers()
        for code in providers:
            if code not in codes:
                codes.append(code)
        meta = net.graph.graph
        pop = meta.get("population")
        pop = int(pop) if isinstance(pop, (int, float)) and pop > 0 else None
        rows.append({"slug": net.slug, "code": net.code, "name": net.name,
                     "prefecture": str(meta.get("prefecture", "")), "population": pop,
                     "synthetic": bool(meta.get("synthetic", False)),
                     "draft": bool(meta.get("draft", False)),
                     "_providers": providers, "scores": scores(net, sample)})
    for row in rows:
        prov = row.pop("_providers")
        row["providers"] = {c: len(prov.get(c, [])) for c in codes}
        pop = row["population"]
        row["per_10k"] = {c: (round(k * 10_000 / pop, 3) if pop else None)
                          for c, k in row["providers"].items()}
    labels = {}
    for c in codes:
        if c in tax:
            labels[c] = [tax.needs[c].label_ja, tax.needs[c].label_en]
        else:
            labels[c] = [c, c]
    return {"needs": codes, "need_labels": labels, "broker_threshold": BROKER_THRESHOLD,
            "municipalities": rows}


# -- diff -------------------------------------------------------------------------------------
_COMPARED_ATTRS = ("node_type", "name", "kind", "sector", "hub", "area", "category", "basis",
                   "per_year", "per_year_max", "count")
_GAP_KINDS = ("uncovered", "thin", "unreachable", "unlinked_duplicates", "sector_holes",
              "critical")


def _link_key(u: str, v: str, ltype: str) -> tuple[str, str, str]:
    lt = LINK_TYPES.get(ltype)
    if lt is not None and not lt.directed and v < u:
        u, v = v, u
    return (u, v, ltype)


def _links(net: Network) -> Counter[tuple[str, str, str]]:
    return Counter(_link_key(u, v, d["type"]) for u, v, d in net.links())


def _gap_items(g: dict[str, Any], kind: str) -> list[str]:
    """The items of one kind of gap as comparable strings (need codes, ids, ``a|b``)."""
    if kind == "uncovered":
        return list(g["uncovered"])
    if kind == "sector_holes":
        return ["|".join(pair) for pair in g["sector_holes"]]
    if kind == "critical":
        return [r["id"] for r in g["critical"]]
    return [r["need"] for r in g[kind]]


def diff(old: Network, new: Network) -> dict[str, Any]:
    """What changed between two snapshots of one network (``netmap diff``).

    Returns
    -------
    dict
        - ``old`` / ``new``: ``{slug, code, name}``;
        - ``joined`` / ``left``: ``{id, name, node_type}`` of nodes (not needs) only in the
          new / old snapshot, in file order;
        - ``changed``: ``{id, name, changes: {attribute: [old, new]}}`` for nodes in both whose
          type, name, kind, sector, hub flag, area, category, basis, sittings or count differ;
        - ``ties_added`` / ``ties_lost``: link type → ``[{source, target, source_name,
          target_name}]`` (every link type, ``covers`` included; undirected types compared
          without direction; a link present twice counts twice);
        - ``gaps_opened`` / ``gaps_closed``: gap kind → items only in the new / old
          :func:`~netmap.analysis.coverage.gaps` (need codes for ``uncovered``, ``thin``,
          ``unreachable`` and ``unlinked_duplicates``; ``"a|b"`` sector pairs for
          ``sector_holes``; organisation ids for ``critical``).

    Notes
    -----
    Identity is the dataset id: an organisation renamed keeps its id and shows under
    ``changed``; one given a new id shows as one leaving and one joining.
    """

    def nodes(net: Network) -> dict[str, dict[str, Any]]:
        return {n: d for n, d in net.graph.nodes(data=True) if d.get("node_type") != "need"}

    a, b = nodes(old), nodes(new)
    joined = [{"id": n, "name": d.get("name", n), "node_type": d["node_type"]}
              for n, d in b.items() if n not in a]
    left = [{"id": n, "name": d.get("name", n), "node_type": d["node_type"]}
            for n, d in a.items() if n not in b]
    changed = []
    for n, d in b.items():
        if n in a:
            ch = {k: [a[n].get(k), d.get(k)] for k in _COMPARED_ATTRS if a[n].get(k) != d.get(k)}
            if ch:
                changed.append({"id": n, "name": d.get("name", n), "changes": ch})

    la, lb = _links(old), _links(new)

    def grouped(keys: Counter[tuple[str, str, str]], net: Network) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for (u, v, t), k in keys.items():
            for _ in range(k):
                out.setdefault(t, []).append({"source": u, "target": v,
                                              "source_name": net.name_of(u),
                                              "target_name": net.name_of(v)})
        return {t: out[t] for t in LINK_TYPES if t in out}

    ga, gb = gaps(old), gaps(new)
    opened: dict[str, list[str]] = {}
    closed: dict[str, list[str]] = {}
    for kind in _GAP_KINDS:
        before, after = _gap_items(ga, kind), _gap_items(gb, kind)
        opened[kind] = [x for x in after if x not in before]
        closed[kind] = [x for x in before if x not in after]

    def ident(net: Network) -> dict[str, str]:
        return {"slug": net.slug, "code": net.code, "name": net.name}

    return {"old": ident(old), "new": ident(new), "joined": joined, "left": left,
            "changed": changed, "ties_added": grouped(lb - la, new),
            "ties_lost": grouped(la - lb, old), "gaps_opened": opened, "gaps_closed": closed}
