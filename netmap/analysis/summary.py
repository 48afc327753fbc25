"""A readable summary of one network: counts by node type and sector, the hub, and providers."""

from __future__ import annotations

from collections import Counter
from typing import Any

from netmap.model import Network

__all__ = ["summary"]


def summary(net: Network) -> dict[str, Any]:
    """Plain-data summary of a network, the content of ``netmap show``.

    Returns
    -------
    dict
        ``municipality`` (the yaml fields), ``counts`` (nodes per type, links per type),
        ``sectors`` (organisations per sector), ``hub`` (``{id, name}`` or None), ``needs``
        (need code → list of ``{id, name}`` of providers, needs in taxonomy order) and
        ``demand`` (rows of demand.csv).
    """
    G = net.graph
    node_counts = Counter(d["node_type"] for _, d in G.nodes(data=True))
    link_counts = Counter(d["type"] for _, _, d in G.edges(data=True))
    sectors = Counter(d.get("sector", "") for _, d in net.nodes_of("organisation"))
    hub = net.hub
    meta = {k: v for k, v in G.graph.items() if k != "demand"}
    return {
        "municipality": meta,
        "counts": {"nodes": dict(node_counts), "links": dict(sorted(link_counts.items()))},
        "sectors": dict(sectors.most_common()),
        "hub": {"id": hub, "name": net.name_of(hub)} if hub else None,
        "needs": {code: [{"id": o, "name": net.name_of(o)} for o in orgs]
                  for code, orgs in net.providers().items()},
        "demand": list(G.graph.get("demand", [])),
    }
