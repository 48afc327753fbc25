"""Write a network as GEXF 1.3, the format Gephi reads, valid against the official XSD.

networkx writes GEXF 1.2draft by default, and its 1.3 output fails the 1.3 XSD (a
``graph/@name`` attribute the schema does not allow, and a misspelt XML Schema instance
namespace), so netmap writes GEXF itself with :mod:`xml.etree.ElementTree`.

Parallel links. Gephi keeps two links between the same pair only when they differ in
*kind*: its import container files each edge under (edge type, source, target) and merges
edges that share all three (``ImportContainerImpl.addEdge`` in gephi/gephi, where the type is
the GEXF ``kind`` attribute read by ``ImporterGEXF.readEdge``). Each edge here gets its own
``id``, the Japanese label of its link type as ``label``, and the link type code as ``kind``
(``partners``, ``refers_to`` …; a second link of the same type between the same pair gets
``partners#2``), so Gephi keeps every link of 座間 (six of them share their pair with another).

Municipality attributes: GEXF 1.3 has node and edge attributes only, so the fields of
``municipality.yaml`` go into ``<meta>``: ``<description>`` holds them as YAML (its first
line a ``#`` comment naming the network) and ``<keywords>`` the name, prefecture and code.

References
----------
GEXF 1.3 schema, https://github.com/gephi/gexf (``specs/1.3/gexf.xsd``), vendored in
``netmap/io/xsd/gexf-1.3`` (CC BY 4.0).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

import yaml

from netmap.model import LINK_TYPES, Network

__all__ = ["GEXF_NS", "gexf_tree", "gexf_bytes", "attribute_types"]

GEXF_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _q(tag: str) -> str:
    """``tag`` in the GEXF 1.3 namespace."""
    return f"{{{GEXF_NS}}}{tag}"


def _kind(value: Any) -> str:
    """The GEXF attribute type of one Python value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def attribute_types(items: Iterable[dict[str, Any]]) -> dict[str, str]:
    """One GEXF type per attribute key over all items: ``long``, ``double``, ``boolean``,
    ``string`` (mixed ``long``/``double`` → ``double``; anything else mixed → ``string``).

    >>> attribute_types([{"a": 1, "b": True}, {"a": 2.5, "b": "x"}])
    {'a': 'double', 'b': 'string'}
    """
    kinds: dict[str, set[str]] = {}
    for attrs in items:
        for key, value in attrs.items():
            if _present(value):
                kinds.setdefault(key, set()).add(_kind(value))
    out = {}
    for key, found in kinds.items():
        if len(found) == 1:
            out[key] = found.pop()
        elif found <= {"long", "double"}:
            out[key] = "double"
        else:
            out[key] = "string"
    return out


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declare(graph: ET.Element, cls: str, types: dict[str, str]) -> dict[str, str]:
    """``<attributes class=…>`` for ``types``; returns key → attribute id."""
    block = ET.SubElement(graph, _q("attributes"), {"class": cls, "mode": "static"})
    ids = {}
    for i, (key, kind) in enumerate(types.items()):
        ids[key] = f"{cls[0]}{i}"
        ET.SubElement(block, _q("attribute"), {"id": ids[key], "title": key, "type": kind})
    return ids


def _values(parent: ET.Element, attrs: dict[str, Any], ids: dict[str, str],
            types: dict[str, str]) -> None:
    present = [(k, v) for k, v in attrs.items() if k in ids and _present(v)]
    if present:
        block = ET.SubElement(parent, _q("attvalues"))
        for key, value in present:
            ET.SubElement(block, _q("attvalue"), {"for": ids[key], "value": _text(value, types[key])})


def _meta(root: ET.Element, net: Network) -> None:
    meta = ET.SubElement(root, _q("meta"), {"lastmodifieddate": dt.date.today().isoformat()})
    from netmap import __version__

    ET.SubElement(meta, _q("creator")).text = f"netmap {__version__}"
    fields = {k: v for k, v in net.graph.graph.items() if k != "demand" and _present(v)}
    head = f"# {net.name} 支援ネットワーク (municipality.yaml; netmap)\n"
    ET.SubElement(meta, _q("description")).text = head + yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False)
    words = [str(fields[k]) for k in ("name", "prefecture", "code") if k in fields]
    ET.SubElement(meta, _q("keywords")).text = ", ".join(["支援ネットワーク", *words])


def gexf_tree(net: Network) -> ET.ElementTree:
    """The network as a GEXF 1.3 document (see the module notes for kinds and meta).

    Nodes carry every attribute (``label`` = name); edges carry ``link_type`` and every other
    attribute as ``attvalues``. All edges are ``directed`` as stored: networkx's reader refuses
    an undirected edge in a directed graph, and a ``partners`` link keeps the direction it
    was written in (its ``directed`` attribute says whether that direction means anything).

    Examples
    --------
    >>> from pathlib import Path
    >>> from netmap.io.dataset import load_dataset
    >>> net = load_dataset(Path(__file__).parents[2] / "datasets" / "zama")
    >>> edges = gexf_tree(net).getroot().findall(f"{{{GEXF_NS}}}graph/{{{GEXF_NS}}}edges/*")
    >>> triples = {(e.get("source"), e.get("target"), e.get("kind")) for e in edges}
    >>> len(edges) == len(triples) == net.graph.number_of_edges()
    True
    """
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("xsi", _XSI)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {
        "version": "1.3", f"{{{_XSI}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"})
    _meta(root, net)
    graph = ET.SubElement(root, _q("graph"), {"defaultedgetype": "directed", "mode": "static"})
    nodes = {n: dict(d) for n, d in net.graph.nodes(data=True)}
    edges = []
    for u, v, d in net.graph.edges(data=True):
        e = {k: val for k, val in d.items() if k != "type"}
        e["link_type"] = d.get("type", "")
        lt = LINK_TYPES.get(str(d.get("type")))
        e["directed"] = lt.directed if lt else True
        edges.append((u, v, e))
    node_types = attribute_types(nodes.values())
    edge_types = attribute_types(e for _, _, e in edges)
    node_ids = _declare(graph, "node", node_types)
    edge_ids = _declare(graph, "edge", edge_types)
    xnodes = ET.SubElement(graph, _q("nodes"), {"count": str(len(nodes))})
    for n, d in nodes.items():
        el = ET.SubElement(xnodes, _q("node"), {"id": str(n), "label": str(d.get("name", n))})
        _values(el, d, node_ids, node_types)
    xedges = ET.SubElement(graph, _q("edges"), {"count": str(len(edges))})
    seen: dict[tuple[str, str, str], int] = {}
    for i, (u, v, e) in enumerate(edges):
        code = str(e["link_type"])
        nth = seen[(u, v, code)] = seen.get((u, v, code), 0) + 1
        lt = LINK_TYPES.get(code)
        el = ET.SubElement(xedges, _q("edge"), {
            "id": str(i), "source": str(u), "target": str(v),
            "label": lt.label_ja if lt else code, "kind": code if nth == 1 else f"{code}#{nth}"})
        _values(el, e, edge_ids, edge_types)
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def gexf_bytes(net: Network) -> bytes:
    """:func:`gexf_tree` serialised as UTF-8 with an XML declaration."""
    root = gexf_tree(net).getroot()
    assert root is not None
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
