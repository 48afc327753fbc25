"""Offline WebGL overview map for big networks: a prefecture (20,000 nodes) or the nation (100,000).

The workshop map (:mod:`netmap.render.html`, vis-network on a 2-D canvas) draws one
municipality well but stalls past a few thousand nodes (``benchmarks/bigmap_bench.py``
measures where). This page draws with sigma.js 3 on WebGL over a graphology graph, both
vendored in ``netmap/render/vendor/`` and inlined, so it opens with no network. Positions come
from :mod:`netmap.render.overview_layout` (one disc per municipality, packed by prefecture):
nothing is laid out in the browser.

What the page offers: colour by sector (organisations) or node type (programs, meetings, roles,
needs), from :mod:`netmap.render.style`; municipality names above their discs once a disc is big
enough on screen (prefecture names before that); labels for the largest nodes only (more appear as one
zooms in: sigma shows a label when the node's size on screen passes a threshold set here so that
about ``max_labels`` are shown at first); search by name; a click shows a node's details and its
links. The graph travels as one JSON document of columns (``netmap-overview-data``) and every
visible text is set with ``textContent``.

Only names, kinds, sectors and link types are written to the page (no contact names, phone
numbers or e-mail addresses: those attributes are never read here).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeAlias

import networkx as nx

from netmap.io.output import write_text
from netmap.model import Network
from netmap.render.overview_layout import ring_pack, sunflower
from netmap.render.style import EDGE_TYPES, NODE_TYPES, SECTORS, ui_strings
from netmap.strings import STRINGS
from netmap.strings import t as word

__all__ = ["render_overview", "overview_html", "overview_data", "VENDOR", "ALL_LINKS_MAX", "OVERVIEW_ABOVE"]

_HERE = Path(__file__).parent
#: The vendored scripts inlined into the page, in load order (see vendor/README.md).
VENDOR = ("graphology-0.26.0.umd.min.js", "sigma-3.0.3.min.js")
_LANGS = ("ja", "en")
#: Up to this many links the page draws them all at first; above, only a selected node's
#: (every link of 20,000 nodes, 80,000 links, costs seconds a frame on a CPU-drawn WebGL:
#: ``benchmarks/bigmap_bench.py``); the reader can still tick "draw every link".
ALL_LINKS_MAX = 3_000
#: ``netmap map --renderer auto`` draws this overview above this many nodes: on the 2-core test
#: machine the workshop map needed 5.6–9.6 s to be interactive at 5,000 nodes and 23–25 s at
#: 20,000, and 3.5–4.3 s / 13.5–18.9 s to show one zoom step (``benchmarks/bigmap_bench.py``,
#: two runs, 2026-12-02).
OVERVIEW_ABOVE = 5_000
#: Node sizes on screen, in pixels at the first zoom (sigma's ``size``).
_SIZE_MIN, _SIZE_MAX = 1.5, 14.0
Source: TypeAlias = "Network | nx.MultiDiGraph[Any] | Iterable[Network]"


def render_overview(source: Source, out: Path | str, lang: str = "ja",
                    max_labels: int = 30) -> Path:
    """Write the overview page of ``source`` to ``out`` (one self-contained HTML file).

    Parameters
    ----------
    source : Network, networkx.MultiDiGraph or iterable of Network
        One network (one disc) or many municipalities (one disc each, grouped by their
        ``prefecture`` graph attribute).
    out : path
        The HTML file, written atomically (:func:`netmap.io.output.write_text`).
    lang : {"ja", "en"}
        Language of the page and its labels.
    max_labels : int
        About how many names show before one zooms in (the largest nodes).

    Returns
    -------
    Path
        ``out``.
    """
    path = Path(out)
    write_text(path, overview_html(source, lang=lang, max_labels=max_labels))
    return path


def overview_html(source: Source, lang: str = "ja", max_labels: int = 30) -> str:
    """The overview page as a string (see :func:`render_overview`)."""
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, got {lang!r}")
    data = overview_data(source, lang=lang, max_labels=max_labels)
    page = (_HERE / "templates" / "overview.html").read_text(encoding="utf-8")
    vendor = "\n".join(f"<script>{_inline(_vendor(name))}</script>" for name in VENDOR)
    replacements = {
        "{{lang}}": lang,
        "{{title}}": data["strings"]["title"],
        "{{css}}": (_HERE / "templates" / "overview.css").read_text(encoding="utf-8"),
        "{{data}}": json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace(
            "<", "\\u003c"),
        "{{vendor}}": vendor,
        "{{script}}": _inline((_HERE / "templates" / "overview.js").read_text(encoding="utf-8")),
    }
    return re.sub(r"\{\{\w+\}\}", lambda m: replacements[m.group(0)], page)


def overview_data(source: Source, lang: str = "ja", max_labels: int = 30) -> dict[str, Any]:
    """The page's JSON document: columns of node fields, edge pairs, legend, discs, strings.

    Node ``i`` has ``x[i]``, ``y[i]``, ``s[i]`` (size), ``c[i]`` (legend entry), ``g[i]``
    (municipality), ``name[i]``, ``id[i]``; edges are ``e = [source0, target0, …]`` by node
    index with ``t`` their link type (index into ``link_types``). ``label_size`` is the size
    of the ``max_labels``-th largest node: sigma labels nodes at least that big at first.
    ``groups`` are the municipalities' discs and ``extent`` the width of the whole drawing
    (a search zooms so that the found node's municipality fills the screen).
    """
    graphs = _graphs(source)
    legend, legend_index = _legend(lang)
    cols: dict[str, list[Any]] = {k: [] for k in ("x", "y", "s", "c", "g", "name", "id")}
    edges: list[int] = []
    edge_types: list[int] = []
    type_codes = list(EDGE_TYPES)
    groups = []
    discs = [_disc(G, legend_index) for G in graphs]
    centres, prefs = _pack(graphs, [r for _, r, _ in discs])
    max_degree = max((max(deg.values(), default=0) for _, _, deg in discs), default=0) or 1
    for gi, (G, (pos, radius, degree), (cx, cy)) in enumerate(
            zip(graphs, discs, centres, strict=True)):
        groups.append({"name": str(G.graph.get("name", "")),
                       "pref": str(G.graph.get("prefecture", "")),
                       "x": round(cx, 1), "y": round(-cy, 1), "r": round(radius, 1)})
        index: dict[Any, int] = {}
        for n, d in G.nodes(data=True):
            index[n] = len(cols["x"])
            x, y = pos[n]
            cols["x"].append(round(cx + x, 2))
            cols["y"].append(round(-(cy + y), 2))  # sigma's y axis points up
            cols["s"].append(_size(degree[n] / max_degree, d.get("node_type") == "need"))
            cols["c"].append(legend_index[_colour_key(d)])
            cols["g"].append(gi)
            cols["name"].append(_name(d, n, lang))
            cols["id"].append(str(n))
        for u, v, d in G.edges(data=True):
            edges += (index[u], index[v])
            t = d.get("type")
            edge_types.append(type_codes.index(t) if t in EDGE_TYPES else -1)
    xs, ys = cols["x"] or [0.0], cols["y"] or [0.0]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    sizes = sorted(cols["s"], reverse=True)
    label_size = sizes[min(len(sizes), max(1, max_labels)) - 1] if sizes else _SIZE_MAX
    return {
        "lang": lang,
        # the map's words, and the overview's own (the ``overview.*`` keys of netmap.strings)
        "strings": {**ui_strings(lang), **{k[len("overview."):]: word(k, lang) for k in STRINGS
                                           if k.startswith("overview.")}},
        "legend": legend,
        "link_types": [EDGE_TYPES[c][lang] for c in type_codes],
        "groups": groups,
        "prefs": prefs,
        "nodes": cols,
        "e": edges,
        "t": edge_types,
        "label_size": label_size,
        "all_links_max": ALL_LINKS_MAX,
        "extent": round(extent, 1),
    }


def _size(share: float, need: bool) -> float:
    """A node's size from its degree as a share of the largest: area grows with degree.

    Needs are drawn at half size: every municipality has the same 21, each the most linked node
    of its town (every provider ``covers`` one), so at full size the overview's first labels
    would be 「社会的孤立」 a hundred times instead of the hubs and the busiest organisations.
    """
    size = _SIZE_MIN + (_SIZE_MAX - _SIZE_MIN) * math.sqrt(share)
    return round(max(_SIZE_MIN, size / 2) if need else size, 2)


def _graphs(source: Source) -> list[nx.MultiDiGraph[Any]]:
    if isinstance(source, Network):
        return [source.graph]
    if isinstance(source, nx.MultiDiGraph):
        return [source]
    return [net.graph for net in source]


def _legend(lang: str) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Legend entries (sectors, then the non-organisation node types) and key → index."""
    legend = [{"key": f"sector:{c}", "label": s[lang], "color": s["color"]}
              for c, s in SECTORS.items()]
    legend += [{"key": f"type:{c}", "label": t[lang], "color": _type_colour(c)}
               for c, t in NODE_TYPES.items() if c != "organisation"]
    return legend, {entry["key"]: i for i, entry in enumerate(legend)}


def _type_colour(code: str) -> str:
    """A node type's colour on the overview: its border colour of the workshop map, because
    the fills are pale tints meant to sit inside a dark border (invisible on white at 2 px)."""
    return str(NODE_TYPES[code]["border"])


def _colour_key(d: dict[str, Any]) -> str:
    node_type = d.get("node_type")
    if node_type == "organisation" or node_type not in NODE_TYPES:
        sector = d.get("sector")
        return f"sector:{sector if sector in SECTORS else 'other'}"
    return f"type:{node_type}"


def _name(d: dict[str, Any], n: Any, lang: str) -> str:
    if d.get("node_type") == "need":
        return str(d.get("label_en" if lang == "en" else "label_ja") or d.get("name") or n)
    if lang == "en" and d.get("name_en"):
        return str(d["name_en"])
    return str(d.get("name") or n)


def _disc(G: nx.MultiDiGraph[Any], legend_index: dict[str, int]) -> tuple[
        dict[Any, tuple[float, float]], float, dict[Any, int]]:
    """One municipality's positions (sunflower wedges by colour), radius and node degrees."""
    degree = dict(G.degree())
    items = [(n, _colour_key(d), float(degree[n]) + (1e6 if d.get("hub") else 0.0))
             for n, d in G.nodes(data=True)]
    items.sort(key=lambda item: legend_index[item[1]])  # wedges in legend order
    pos, radius = sunflower(items)
    return pos, radius, degree


def _pack(graphs: list[nx.MultiDiGraph[Any]], radii: list[float]) -> tuple[
        list[tuple[float, float]], list[dict[str, Any]]]:
    """Disc centres: municipalities ring-packed within their prefecture, prefectures packed
    around the largest; returns the centres and each prefecture's enclosing disc."""
    by_pref: dict[str, list[int]] = {}
    for i, G in enumerate(graphs):
        by_pref.setdefault(str(G.graph.get("prefecture", "")), []).append(i)
    gap = 2.0
    local: dict[int, tuple[float, float]] = {}
    pref_radii = []
    for members in by_pref.values():
        centres, outer = ring_pack([radii[i] for i in members], gap=gap)
        local.update(zip(members, centres, strict=True))
        pref_radii.append(outer)
    pref_centres, _ = ring_pack(pref_radii, gap=gap * 4)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(graphs)
    prefs = []
    for (name, members), (px, py), r in zip(by_pref.items(), pref_centres, pref_radii,
                                            strict=True):
        prefs.append({"name": name, "x": round(px, 1), "y": round(-py, 1), "r": round(r, 1)})
        for i in members:
            out[i] = (px + local[i][0], py + local[i][1])
    return out, prefs


def _vendor(name: str) -> str:
    """A vendored script without its source-map comment (the maps are not shipped, and a
    browser with developer tools open would try to fetch them)."""
    js = (_HERE / "vendor" / name).read_text(encoding="utf-8")
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", js)


def _inline(js: str) -> str:
    """Make ``js`` (or JSON) safe inside ``<script>…</script>``."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
