"""Municipalities side by side (coverage matrix and network scores).

A prefecture or the ministry looking across municipalities asks *which needs are covered
where, and by how many providers per 10,000 people*: a plain-data answer built from the
same :class:`~netmap.model.Network` questions as
:mod:`netmap.analysis.gaps` and :mod:`netmap.analysis.brokers` (what changed between two
snapshots is :mod:`netmap.analysis.diff`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from netmap.analysis.brokers import betweenness
from netmap.analysis.gaps import services
from netmap.model import Network
from netmap.taxonomy import load_taxonomy

__all__ = ["compare", "scores", "BROKER_THRESHOLD", "SCORE_LABELS"]

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
        - ``thin_needs``: needs with exactly one independent service, as ``thin`` in
          :func:`netmap.analysis.gaps.gaps` (:func:`netmap.analysis.gaps.services`);
        - ``uncovered_needs``: needs with no provider recorded (``uncovered`` plus
          ``probably_unrecorded`` of :func:`~netmap.analysis.gaps.gaps`).

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
        "thin_needs": sum(1 for s in services(net).values() if len(s) == 1),
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
    rows: list[dict[str, Any]] = []
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
        prov: dict[str, list[str]] = row.pop("_providers")
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
