"""The network as tables and flat graphs: the dataset tables, the CSV zip, GraphML's graph.

:func:`dataset_tables` gives the dataset format's tables back out of a network (used by the
CSV zip, the Excel template and the HSDS extension tables); :func:`csv_files` is the CSV zip
for Excel (UTF-8 with BOM); :func:`flat_graph` the copy of the graph GraphML can hold. Which
format is written where is :mod:`netmap.io.export`; GEXF is :mod:`netmap.io.gexf`, HSDS
:mod:`netmap.io.hsds`. Japanese text is written as is in every format.

Formula injection (CWE-1236): a CSV cell whose text starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is written with a leading apostrophe (``'=1+2``), which Excel shows
as text and never evaluates. The apostrophe stays in the data; :func:`unneutralise` removes
it again. The XLSX writer (:mod:`netmap.io.workbook`) needs no such change: see
:func:`netmap.io.workbook.set_text`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx
import yaml

from netmap.model import LINK_TYPES, Network

__all__ = [
    "csv_files",
    "flat_graph",
    "dataset_tables",
    "neutralise",
    "unneutralise",
]


_NODE_TABLES = {"organisations": "organisation", "programs": "program", "meetings": "meeting",
                "roles": "role"}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


# -- formula injection ----------------------------------------------------------------------
def neutralise(text: str) -> str:
    """Prefix ``'`` to text Excel would read as a formula (OWASP CSV-injection advice).

    >>> neutralise("=HYPERLINK(\\"x\\")"), neutralise("@SUM(A1)"), neutralise("座間市")
    ('\\'=HYPERLINK("x")', "'@SUM(A1)", '座間市')
    """
    return "'" + text if text.startswith(_DANGEROUS) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`: drop a ``'`` that precedes ``= + - @``, tab or CR.

    >>> unneutralise("'=1+2"), unneutralise("'quoted'")
    ('=1+2', "'quoted'")
    """
    return text[1:] if text.startswith("'") and text[1:].startswith(_DANGEROUS) else text


# -- the dataset tables back out of a network ----------------------------------------------
def _needs_cell(net: Network, node: str) -> str:
    codes = [net.graph.nodes[v].get("code", v.removeprefix("need:"))
             for _, v, d in net.graph.out_edges(node, data=True)
             if d.get("type") == "covers" and d.get("origin") == "needs column"]
    return ";".join(dict.fromkeys(codes))


def dataset_tables(net: Network) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """The network as the tables of the dataset format: ``name → (columns, rows)``.

    Rows hold Python values (``str``, ``int``, ``float``, ``bool``); the columns are those of
    :data:`netmap.io.dataset.COLUMNS` followed by any extra attribute found. Covers links that
    came from a ``needs`` cell go back into that cell; other links keep file order. The
    ``municipality`` entry has columns ``key``, ``value``.

    Notes
    -----
    This is the inverse of :func:`netmap.io.dataset.validate`: writing these tables and
    loading them again gives the same nodes, edges and attributes (tested for 座間).
    """
    from netmap.io.dataset import COLUMNS

    out: dict[str, tuple[list[str], list[dict[str, Any]]]] = {}
    meta = {k: v for k, v in net.graph.graph.items() if k != "demand"}
    out["municipality"] = (["key", "value"], [{"key": k, "value": v} for k, v in meta.items()])
    for table, node_type in _NODE_TABLES.items():
        columns = [c.key for c in COLUMNS[table]]
        rows: list[dict[str, Any]] = []
        for node, attrs in net.nodes_of(node_type):
            row: dict[str, Any] = {"id": node}
            for key, value in attrs.items():
                if key in ("node_type", "needs"):
                    continue
                if key not in columns:
                    columns.append(key)
                row[key] = value
            if "needs" in columns:
                row["needs"] = _needs_cell(net, node)
            rows.append(row)
        out[table] = (columns, rows)
    columns = [c.key for c in COLUMNS["links"]]
    rows = []
    for u, v, d in net.links():
        if d.get("type") == "covers" and d.get("origin") == "needs column":
            continue
        row = {"source": u, "target": net.graph.nodes[v].get("code", v)
               if net.graph.nodes[v].get("node_type") == "need" else v}
        for key, value in d.items():
            if key not in columns:
                columns.append(key)
            row[key] = value
        rows.append(row)
    out["links"] = (columns, rows)
    columns = [c.key for c in COLUMNS["demand"]]
    rows = []
    for entry in net.graph.graph.get("demand", []) or []:
        for key in entry:
            if key not in columns:
                columns.append(key)
        rows.append(dict(entry))
    out["demand"] = (columns, rows)
    return out


def _text(value: Any) -> str:
    """A table cell as text: booleans as ``true``/``false``, lists ``;``-joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# -- GraphML / GEXF ------------------------------------------------------------------------
def _flat(value: Any) -> str | int | float | bool | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and not any(isinstance(v, dict) for v in value):
        return "; ".join(_text(v) for v in value)
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


def flat_graph(net: Network) -> nx.MultiDiGraph:
    """A copy of the graph whose attributes GraphML (and Gephi, Kumu, yEd) can hold.

    ``None`` and empty values are dropped; booleans stay booleans (GraphML
    ``attr.type="boolean"``), whole numbers ints (``long``), others floats (``double``);
    lists become ``"a; b"`` strings and dicts (the graph's ``demand`` rows) JSON. Each
    attribute key gets one type (ints and floats mixed → float, anything else mixed → str).
    Every node gets ``label`` (its name); every edge a unique integer key (the GraphML edge
    id, so parallel links stay apart) and ``label``, the Japanese label of its link type.
    """
    G = nx.MultiDiGraph()
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
def _csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([neutralise(_text(row.get(c))) for c in columns])
    return buf.getvalue().encode("utf-8-sig")


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
    files["nodes.csv"] = _csv_bytes(node_cols, nodes)
    edge_cols = ["source", "target", "type"]
    edges = []
    for u, v, attrs in net.graph.edges(data=True):
        for k in attrs:
            if k not in edge_cols:
                edge_cols.append(k)
        edges.append({"source": u, "target": v, **attrs})
    files["edges.csv"] = _csv_bytes(edge_cols, edges)
    tables = dataset_tables(net)
    meta = {r["key"]: r["value"] for r in tables.pop("municipality")[1]}
    files["municipality.yaml"] = yaml.safe_dump(meta, allow_unicode=True,
                                                sort_keys=False).encode("utf-8")
    for name, (columns, rows) in tables.items():
        if name in ("organisations", "links") or rows:
            files[f"{name}.csv"] = _csv_bytes(columns, rows)
    return files
