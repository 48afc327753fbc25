"""Turn a network into the parameter rows of ``cypher/load.cypher`` (one snapshot).

A municipality can hold several **snapshots** in Neo4j, one per dataset date (``as_of``); a
draft (``draft: true``, e.g. ``datasets/reports-2018/*``) is a snapshot of its own series,
``draft:<code>``, so it can never be merged into the curated data of the same town. Every
municipal node carries ``uid`` = ``<snapshot key>/<id>`` under a uniqueness constraint, so each
write finds its nodes by one unique index seek whatever the statistics say (issue #19: with
empty statistics the composite-key plans filtered a range scan, 1,000,000 db hits a batch).

Keys
----
series
    ``<code>`` (or the slug when a draft has no code yet), ``draft:`` before it for a draft.
snapshot key
    ``<series>@<as_of>``, ``@undated`` when the dataset gives no ``as_of``:
    ``142166@2023-07-21``, ``draft:132152@undated``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from netmap.errors import StoreError
from netmap.model import Network
from netmap.store.props import encode, to_camel

__all__ = ["LoadPlan", "plan", "series_of", "snapshot_key", "NODE_STEPS", "LINK_KEYS",
           "UNDATED", "STORE_KEYS"]

UNDATED = "undated"
#: The node types, each created by its own subquery of ``cypher/load.cypher`` ``create_nodes``
#: with a static label (a dynamic label with ``SET n = row.props`` makes Neo4j plan an Eager).
NODE_STEPS = ("organisation", "program", "meeting", "role")
#: Link attributes stored as properties of their own; any other is kept, as JSON, in
#: ``extraProps`` (creating a relationship with a map of unknown keys plans an Eager).
LINK_KEYS = ("evidence", "origin", "note", "assured_date", "certainty")
_LINK_CAMEL = tuple((k, to_camel(k)) for k in LINK_KEYS)
_DEMAND_KEYS = ("label", "count", "period", "evidence", "note")
#: Properties of a Municipality node that the store adds (not from the dataset).
STORE_KEYS = ("key", "series", "latest", "loadedFrom", "loadedAt")


def series_of(net: Network) -> str:
    """The series a network belongs to: its code (or slug), ``draft:`` first for a draft.

    >>> from netmap.errors import StoreError
    >>> from netmap.model import Network
    >>> import networkx as nx
    >>> series_of(Network(nx.MultiDiGraph(code="132152", draft=True)))
    'draft:132152'
    """
    base = net.code or net.slug
    return f"draft:{base}" if net.graph.graph.get("draft") else base


def snapshot_key(net: Network) -> str:
    """``<series>@<as_of>`` — the key of the snapshot a load of ``net`` writes."""
    return f"{series_of(net)}@{net.graph.graph.get('as_of') or UNDATED}"


@dataclass
class LoadPlan:
    """The rows one snapshot is written as."""

    key: str
    series: str
    municipality: dict[str, Any]
    needs: list[dict[str, Any]]
    nodes: dict[str, list[dict[str, Any]]]
    links: list[dict[str, Any]]
    covers: list[dict[str, Any]]
    demand: list[dict[str, Any]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Elements written: the municipality, needs, nodes, links and demand rows."""
        return (1 + len(self.needs) + sum(map(len, self.nodes.values())) + len(self.links)
                + len(self.covers) + len(self.demand))

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    def steps(self, batch: int) -> list[tuple[str, list[dict[str, Any]]]]:
        """(statement of ``cypher/load.cypher``, its ``$rows``) in order: the needs and the
        nodes, ``batch`` rows a statement (``create_nodes``), then the links, covers and
        demand rows (``create_links``). Every row carries its ``kind``, by which each
        subquery of the statement takes its own."""
        nodes = [*self.needs, *(r for k in NODE_STEPS for r in self.nodes[k])]
        links = [*self.links, *self.covers, *self.demand]
        return [(name, rows[i:i + batch])
                for name, rows in (("create_nodes", nodes), ("create_links", links))
                for i in range(0, len(rows), batch)]


_NODE_RESERVED = frozenset({"uid", "id", "seq", "jsonProps"})
_LINK_RESERVED = frozenset({"seq", "extraProps", "jsonProps"})


def _check_names(where: str, attrs: dict[str, Any], reserved: frozenset[str],
                 seen: set[str] | None = None) -> None:
    """Refuse an attribute whose Neo4j key is one the store writes itself (``json_props`` would
    become ``jsonProps``), rather than let one overwrite the other. Keys in ``seen`` were
    checked already (on an earlier node or link of the same plan) and are skipped; the keys
    checked now are added to it."""
    for k in attrs:
        if seen is not None:
            if k in seen:
                continue
            seen.add(k)
        if to_camel(k) in reserved:
            raise StoreError(f"{where}: 列 '{k}' は Neo4j で netmap が使う名前です — column "
                             f"'{k}' is stored as '{to_camel(k)}', a property netmap writes "
                             "itself; rename it")


_LINK_PLAIN = frozenset({*LINK_KEYS, "type"})


def _link_row(source: str, target: str, seq: int, d: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": "covers" if d["type"] == "covers" else "link",
                           "source": source, "target": target, "type": d["type"].upper(),
                           "seq": seq}
    for k, camel in _LINK_CAMEL:
        row[camel] = d.get(k)
    if _LINK_PLAIN.issuperset(d):  # most links: no attribute of their own to keep as JSON
        row["extraProps"] = None
        return row
    extra = {k: v for k, v in d.items() if k not in _LINK_PLAIN}
    row["extraProps"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return row


def plan(net: Network, source: str = "") -> LoadPlan:
    """The parameter rows of ``cypher/load.cypher`` for one network.

    Parameters
    ----------
    net : Network
    source : str
        Where the dataset was read from (recorded as ``loadedFrom``).
    """
    key, series = snapshot_key(net), series_of(net)
    G = net.graph
    _check_names("municipality.yaml", G.graph, frozenset({*STORE_KEYS, "jsonProps"}))
    meta = encode({k: v for k, v in G.graph.items() if k != "demand"})
    meta.update(key=key, series=series, draft=bool(G.graph.get("draft")),
                loadedFrom=source or str(G.graph.get("source", "")),
                loadedAt=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"), latest=False)
    nodes: dict[str, list[dict[str, Any]]] = {t: [] for t in NODE_STEPS}
    needs: list[dict[str, Any]] = []
    node_keys: set[str] = set()  # attribute keys already checked (a first offender is named)
    for seq, n in enumerate(G.nodes):
        d: dict[str, Any] = G.nodes[n]
        kind = d["node_type"]
        if not node_keys.issuperset(d):
            _check_names(f"{kind} '{n}'", d, _NODE_RESERVED, node_keys)
        if kind == "need":  # shared by all municipalities: ordered by taxonomy position
            props = encode(d, skip=("node_type", "demand"))
            props["seq"] = len(needs)
            needs.append({"kind": "need", "code": d["code"], "props": props})
        else:
            props = encode(d, skip=("node_type",))
            props.update(uid=f"{key}/{n}", id=n, seq=seq)
            nodes[kind].append({"kind": kind, "props": props})
    links: list[dict[str, Any]] = []
    covers: list[dict[str, Any]] = []
    link_keys: set[str] = set()
    for seq, (u, v, d) in enumerate(G.edges(data=True)):
        if not link_keys.issuperset(d):
            _check_names(f"link {u} → {v}", d, _LINK_RESERVED, link_keys)
        if d["type"] == "covers":
            covers.append(_link_row(f"{key}/{u}", G.nodes[v]["code"], seq, d))
        else:
            links.append(_link_row(f"{key}/{u}", f"{key}/{v}", seq, d))
    demand = []
    for seq, row in enumerate(G.graph.get("demand") or []):
        extra = {k: v for k, v in row.items() if k not in _DEMAND_KEYS and k != "need"}
        demand.append({"kind": "demand", "need": row["need"], "seq": seq, **{k: row.get(k) for k in _DEMAND_KEYS},
                       "extraProps": json.dumps(extra, ensure_ascii=False) if extra else None})
    return LoadPlan(key, series, meta, needs, nodes, links, covers, demand)
