"""A readable summary of one network: counts by node type and sector, the hub, and providers."""

from __future__ import annotations

from collections import Counter
from typing import Any, TypedDict

from netmap.model import Network

__all__ = ["summary", "Summary", "Counts", "Named"]


class Named(TypedDict):
    """A node as a person reads it: its id and name."""

    id: str
    name: str


class Counts(TypedDict):
    """Nodes per node type (file order) and links per link type (by code)."""

    nodes: dict[str, int]
    links: dict[str, int]


class Summary(TypedDict):
    """What :func:`summary` returns (see there)."""

    municipality: dict[str, Any]
    counts: Counts
    sectors: dict[str, int]
    hub: Named | None
    needs: dict[str, list[Named]]
    demand: list[dict[str, Any]]


def summary(net: Network) -> Summary:
    """Plain-data summary of a network, the content of ``netmap show``.

    Returns
    -------
    Summary
        ``municipality`` (the yaml fields), ``counts`` (nodes per type, links per type),
        ``sectors`` (organisations per sector, most first), ``hub`` (``{id, name}`` or None),
        ``needs`` (need code → list of ``{id, name}`` of providers, needs in taxonomy order)
        and ``demand`` (rows of demand.csv).

    Examples
    --------
    >>> from netmap import example
    >>> s = summary(example())
    >>> s["counts"]["nodes"]["organisation"], s["sectors"], s["hub"]["id"]
    (4, {'government': 1, 'shakyo': 1, 'npo': 1, 'legal': 1}, 'zama-jiritsu-support')
    >>> [p["id"] for p in s["needs"]["housing"]]  # organisations.csv: hub and ワンエイド
    ['zama-jiritsu-support', 'oneaid']
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
