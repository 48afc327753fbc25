"""The network as flat graphs and tables: GraphML's graph and the CSV zip for Excel.

:func:`flat_graph` is the copy of the graph GraphML can hold; :func:`csv_files` the CSV zip
(UTF-8 with BOM, the dataset tables plus ``nodes.csv``/``edges.csv``). Which format is
written where is :mod:`netmap.io.export`; GEXF is :mod:`netmap.io.gexf`, HSDS
:mod:`netmap.io.hsds`. Japanese text is written as is in every format.

Formula injection (CWE-1236): CSV cells are written by :mod:`netmap.io.csvfile`, which puts
a ``'`` before text a spreadsheet would evaluate (``'=1+2``) and which netmap's reader removes
again. The XLSX writer (:mod:`netmap.io.workbook`) needs no such change: see
:func:`netmap.io.workbook.set_text`. Files are written through :mod:`netmap.io.output`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx
import yaml

from netmap.io.csvfile import cell_text, csv_bytes
from netmap.io.csvfile import guard as neutralise
from netmap.io.csvfile import unguard as unneutralise
from netmap.io.write import dataset_tables
from netmap.model import LINK_TYPES, Network

__all__ = [
    "csv_files",
    "flat_graph",
    "dataset_tables",
    "neutralise",
    "unneutralise",
]


# -- GraphML -------------------------------------------------------------------------------
def _flat(value: Any) -> str | int | float | bool | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and not any(isinstance(v, dict) for v in value):
        return "; ".join(cell_text(v) for v in value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _unify(items: Iterable[dict[str, Any]]) -> None:
    """Give every attribute key one type across all items (GraphML/GEXF declare one)."""
    items = list(items)
    kinds: dict[str, set[type]] = {}
    for attrs in items:
        for key, value in attrs.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, types in kinds.items():
        if types <= {int} or types == {bool}:
            continue
        if types <= {int, float}:
            target: type = float
        elif types == {str}:
            continue
        else:
            target = str
        for attrs in items:
            if key in attrs:
                attrs[key] = target(attrs[key])


def flat_graph(net: Network) -> nx.MultiDiGraph[Any]:
    """A copy of the graph whose attributes GraphML (and Gephi, Kumu, yEd) can hold.

    ``None`` and empty values are dropped; booleans stay booleans (GraphML
    ``attr.type="boolean"``), whole numbers ints (``long``), others floats (``double``);
    lists become ``"a; b"`` strings and dicts (the graph's ``demand`` rows) JSON. Each
    attribute key gets one type (ints and floats mixed → float, anything else mixed → str).
    Every node gets ``label`` (its name); every edge a unique integer key (the GraphML edge
    id, so parallel links stay apart) and ``label``, the Japanese label of its link type.
    """
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    G.graph.update({k: v for k, v in ((k, _flat(v)) for k, v in net.graph.graph.items())
                    if v is not None})
    for node, attrs in net.graph.nodes(data=True):
        flat = {k: f for k, f in ((k, _flat(v)) for k, v in attrs.items()) if f is not None}
        flat.setdefault("label", str(attrs.get("name", node)))
        G.add_node(node, **flat)
    for i, (u, v, attrs) in enumerate(net.graph.edges(data=True)):
        flat = {k: f for k, f in ((k, _flat(v)) for k, v in attrs.items()) if f is not None}
        ltype = str(flat.get("type", ""))
        flat.setdefault("label", LINK_TYPES[ltype].label_ja if ltype in LINK_TYPES else ltype)
        G.add_edge(u, v, key=i, **flat)
    _unify(d for _, d in G.nodes(data=True))
    _unify(d for _, _, d in G.edges(data=True))
    _unify([G.graph])
    return G


# -- CSV zip -------------------------------------------------------------------------------
def csv_files(net: Network) -> dict[str, bytes]:
    """``nodes.csv``, ``edges.csv`` and the dataset tables, each UTF-8 with BOM.

    ``nodes.csv`` has ``id, node_type, name`` then every other attribute; ``edges.csv``
    ``source, target, type`` then the rest. ``municipality.yaml`` and the tables make the
    unzipped folder a dataset netmap reads again (see the module notes on apostrophes).
    """
    files: dict[str, bytes] = {}
    node_cols = ["id", "node_type", "name"]
    nodes = []
    for node, attrs in net.graph.nodes(data=True):
        for k in attrs:
            if k not in node_cols:
                node_cols.append(k)
        nodes.append({"id": node, **attrs})
    files["nodes.csv"] = csv_bytes(node_cols, nodes, excel=True)
    edge_cols = ["source", "target", "type"]
    edges = []
    for u, v, attrs in net.graph.edges(data=True):
        for k in attrs:
            if k not in edge_cols:
                edge_cols.append(k)
        edges.append({"source": u, "target": v, **attrs})
    files["edges.csv"] = csv_bytes(edge_cols, edges, excel=True)
    tables = dataset_tables(net)
    meta = {r["key"]: r["value"] for r in tables.pop("municipality")[1]}
    files["municipality.yaml"] = yaml.safe_dump(meta, allow_unicode=True,
                                                sort_keys=False).encode("utf-8")
    for name, (columns, rows) in tables.items():
        if name in ("organisations", "links") or rows:
            files[f"{name}.csv"] = csv_bytes(columns, rows, excel=True)
    return files
