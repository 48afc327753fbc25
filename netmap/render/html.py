"""Offline interactive HTML map of one municipality's support network (vis-network, no CDN).

The page is one self-contained UTF-8 file: vis-network 9.1.2's JavaScript and CSS are read at
render time from the copy that the installed ``pyvis`` package ships
(``pyvis/templates/lib/vis-9.1.2/``) and inlined; our own template, script and stylesheet live in
``netmap/render/templates/``. The graph travels as one JSON document in
``<script type="application/json" id="netmap-data">``: nodes with positions, sizes and
attributes, edges, needs with their providers, the styling rules of :mod:`netmap.render.style`
and the UI strings. The page's script draws the network, the legend, the filters and the side
panel from that one document, building every visible text with ``textContent`` (never HTML), so a
name such as ``<img src=x onerror=alert(1)>`` shows as text.

Positions are computed here, deterministically (see :func:`layout`), and physics is off in the
browser, so the same graph and seed always give the same picture and 2,000 nodes stay fluid.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.render.style import (
    NODE_TYPES,
    SECTORS,
    SIZE_MEASURES,
    STYLES,
    label,
    ui_strings,
)

__all__ = [
    "render_map", "write_map", "map_data", "layout", "redactor", "script_json", "pack_edges",
]

_TEMPLATES = Path(__file__).with_name("templates")
_LANGS = ("ja", "en")

#: Attributes removed from every node, edge and the graph when ``redact=True``.
SENSITIVE_KEYS = frozenset({"contact_name", "phone", "email", "fax", "mobile", "tel"})
#: Attributes shown in their own panel rows; everything else goes to the "other" rows.
_CORE_KEYS = frozenset({
    "node_type", "name", "name_en", "kind", "sector", "hub", "needs", "evidence",
    "assured_date", "code", "label_ja", "label_en", "id",
})

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_DIGIT = "0-9０-９"
_SEP = r"[\-－‐―ー−()（）\s.．]"
_PHONE_RE = re.compile(
    rf"(?<![{_DIGIT}])[(（]?(?:(?:\+|＋)81{_SEP}{{0,2}}|[0０])[{_DIGIT}]{{1,4}}{_SEP}{{0,2}}"
    rf"[{_DIGIT}]{{1,4}}{_SEP}{{0,2}}[{_DIGIT}]{{3,4}}(?![{_DIGIT}])"
)
REDACTED_NAME = "［氏名削除］"
REDACTED_PHONE = "［電話番号削除］"
REDACTED_EMAIL = "［メール削除］"

# Layout spacing, in vis-network canvas units (a node is 20–76 units across): roomy when the
# labels can be read, tight for big graphs where they are hidden until one zooms in.
_SPACING_LABELLED = 125.0
_SPACING_DENSE = 74.0
_LABELLED_MAX_NODES = 300


def render_map(
    G: nx.MultiDiGraph,
    analysis: dict[str, Any] | None = None,
    lang: str = "ja",
    size_by: str = "degree",
    redact: bool = False,
    seed: int = 1,
) -> str:
    """Render the network as one self-contained, offline HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The typed graph of FORMAT.md's last section (node attribute ``node_type``; edge
        attribute ``type``; graph attributes = municipality.yaml).
    analysis : dict, optional
        ``{"uncovered": [code, ...], "thin": [{"need": code, "providers": [id, ...]}, ...],
        "brokers": {id: {"betweenness": x, "total": n}}}`` from the analysis step. Uncovered
        needs are drawn red, thin ones orange, and the top brokers get a gold border. Without
        it the map still works; the gap and broker switches are disabled.
    lang : {"ja", "en"}
        Language of the UI, sector and kind names, and need labels. Japanese by default.
    size_by : {"degree", "betweenness", "brokerage"}
        Measure that sizes the nodes. ``betweenness`` and ``brokerage`` (Gould & Fernandez
        total) are read from ``analysis["brokers"]``; without it the map falls back to degree
        with a warning, and the legend says which measure was used.
    redact : bool
        Remove person names (``contact_name`` and any occurrence of those names in other
        text), phone numbers and e-mail addresses (fields and patterns in any text) from the
        whole file.
    seed : int
        Seed of the layout's tie-breaking jitter: same graph and seed, same picture.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ValueError
        For an unknown ``lang`` or ``size_by``.

    Examples
    --------
    >>> G = nx.MultiDiGraph(name="座間市")
    >>> G.add_node("a", node_type="organisation", name="<b>A</b>", sector="npo")
    >>> page = render_map(G)
    >>> "<b>A</b>" in page, "\\\\u003cb\\\\u003eA" in page
    (False, True)
    """
    data = map_data(G, analysis=analysis, lang=lang, size_by=size_by, redact=redact, seed=seed)
    municipality = data["meta"].get("municipality", {})
    title = " ".join(
        str(v) for v in (municipality.get("name"), data["ui"]["title"]) if v
    )
    parts = {
        "lang": lang,
        "title": html.escape(title),
        "vis_css": _vis_asset("vis-network.css"),
        "vis_js": _inline_script(_vis_asset("vis-network.min.js")),
        "map_css": _template("map.css"),
        "map_js": _inline_script(_template("map.js")),
        "data_json": script_json(pack_edges(data)),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _template("map.html"))


def write_map(G: nx.MultiDiGraph, out: Path | str, **kw: Any) -> Path:
    """Render the map (see :func:`render_map` for ``kw``) and write it to ``out`` as UTF-8.

    The encoding is given explicitly so that the file is UTF-8 whatever the locale (a
    Windows machine would otherwise write cp932 and break the ``<meta charset="utf-8">``).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_map(G, **kw), encoding="utf-8", newline="\n")
    return out


def script_json(obj: Any) -> str:
    r"""Serialise ``obj`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e`` and ``\u0026``, so a value holding
    ``</script>`` or ``<!--`` cannot end or change the script element; JSON.parse reads them
    back unchanged. NaN has no JSON form and must be replaced before (see :func:`map_data`).

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name": "\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# --------------------------------------------------------------------------- page data


def pack_edges(data: dict[str, Any]) -> dict[str, Any]:
    """Return ``data`` with its edge list in the page's compact, columnar form.

    At 8,000 edges the list of edge objects is half of the page (about 100 bytes an edge,
    every key repeated), and the browser pays for it twice, tokenising the HTML and
    ``JSON.parse``-ing it, before anything is drawn. The page's script unpacks this form into
    the same edge objects that :func:`map_data` returns (``id`` ``e<i>``, ``from``, ``to``,
    ``type`` and the other attributes).

    Returns
    -------
    dict
        A shallow copy of ``data`` whose ``edges`` is ``{"from": [node index], "to": [node
        index], "type": [type index], "types": [type], "attrs": [attribute-set index or -1],
        "attr_sets": [dict]}``; node indices point into ``data["nodes"]``, identical
        attribute sets (such as one ``evidence`` shared by many links) are stored once.

    Examples
    --------
    >>> d = {"nodes": [{"id": "a"}, {"id": "b"}],
    ...      "edges": [{"id": "e0", "from": "a", "to": "b", "type": "refers_to"}]}
    >>> pack_edges(d)["edges"]
    {'from': [0], 'to': [1], 'type': [0], 'types': ['refers_to'], 'attrs': [-1], 'attr_sets': []}
    """
    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    types: dict[str, int] = {}
    sets: dict[Any, int] = {}
    attr_sets: list[dict[str, Any]] = []
    packed: dict[str, Any] = {"from": [], "to": [], "type": [], "types": [], "attrs": [],
                              "attr_sets": attr_sets}
    for i, e in enumerate(data["edges"]):
        if e["id"] != f"e{i}":
            raise ValueError(f"edge {i} has id {e['id']!r}; map_data numbers edges e0, e1, ...")
        packed["from"].append(index[e["from"]])
        packed["to"].append(index[e["to"]])
        packed["type"].append(types.setdefault(e["type"], len(types)))
        attrs = {k: v for k, v in e.items() if k not in ("id", "from", "to", "type")}
        if attrs:
            key: Any = tuple(sorted(attrs.items()))
            try:
                hash(key)
            except TypeError:  # a list or dict value
                key = json.dumps(attrs, sort_keys=True, ensure_ascii=False)
            if key not in sets:
                sets[key] = len(attr_sets)
                attr_sets.append(attrs)
            packed["attrs"].append(sets[key])
        else:
            packed["attrs"].append(-1)
    packed["types"] = list(types)
    return {**data, "edges": packed}


def map_data(
    G: nx.MultiDiGraph,
    analysis: dict[str, Any] | None = None,
    lang: str = "ja",
    size_by: str = "degree",
    redact: bool = False,
    seed: int = 1,
) -> dict[str, Any]:
    """Build the JSON document the page draws from (also used by the SVG picture).

    Returns a dict with ``meta``, ``styles``, ``ui``, ``nodes`` (id, label, x, y, size,
    attributes), ``edges`` (id, from, to, type, evidence, assured_date) and ``needs`` (code,
    label, gap, ``providers`` = nodes with a ``covers`` link or ``needs`` entry for it,
    ``operators`` = organisations operating a providing program). Parameters as for
    :func:`render_map`.
    """
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, not {lang!r}")
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"size_by must be one of {tuple(SIZE_MEASURES)}, not {size_by!r}")
    analysis = analysis or {}
    scrub = redactor(G) if redact else _identity

    adjacency = _adjacency(G)
    positions = layout(G, seed=seed)
    measure, size_used = _measure(G, adjacency, size_by, analysis)
    sizes = _sizes(G, measure)

    need_nodes = {_need_code(G, n): n for n in G if _node_type(G, n) == "need"}
    covers = _coverage(G, need_nodes)
    uncovered = {str(c) for c in analysis.get("uncovered", []) or []}
    thin = {str(t.get("need")): [str(p) for p in t.get("providers", [])]
            for t in analysis.get("thin", []) or []}
    broker_rank = _broker_ranks(G, analysis.get("brokers") or {})

    nodes = []
    for n in G:
        attrs = G.nodes[n]
        ntype = _node_type(G, n)
        item: dict[str, Any] = {
            "id": str(n),
            "node_type": ntype,
            "x": positions[n][0],
            "y": positions[n][1],
            "size": sizes[n],
            "measure": measure.get(n, 0.0),
            "degree": len(adjacency[n]),
        }
        for key, value in attrs.items():
            if redact and key in SENSITIVE_KEYS:
                continue
            if key in ("x", "y", "size", "id"):
                continue
            item[key] = _jsonable(value, scrub)
        item["name"] = scrub(_display_name(G, n, "ja"))
        item["label"] = scrub(_display_name(G, n, lang))
        item["hub"] = _truthy(attrs.get("hub")) and ntype == "organisation"
        item["sector"] = str(attrs.get("sector") or "other") if ntype == "organisation" else None
        item["covers"] = sorted(covers.get(n, set()))
        item["extra"] = sorted(
            k for k in item
            if k not in _CORE_KEYS and k not in (
                "x", "y", "size", "measure", "degree", "label", "covers", "extra", "gap",
                "broker_rank", "sector", "hub",
            )
        )
        if ntype == "need":
            code = _need_code(G, n)
            item["code"] = code
            if code in uncovered:
                item["gap"] = "uncovered"
            elif code in thin:
                item["gap"] = "thin"
        if n in broker_rank:
            item["broker_rank"] = broker_rank[n]
        nodes.append(item)

    edges = []
    for i, (u, v, attrs) in enumerate(G.edges(data=True)):
        item = {"id": f"e{i}", "from": str(u), "to": str(v), "type": str(attrs.get("type", ""))}
        for key, value in attrs.items():
            if key in ("id", "from", "to", "type") or (redact and key in SENSITIVE_KEYS):
                continue
            item[key] = _jsonable(value, scrub)
        edges.append(item)

    needs = []
    for code, n in sorted(need_nodes.items(), key=lambda kv: kv[0]):
        providers = sorted(p for p, codes in covers.items() if code in codes and p != n)
        operators = sorted({
            str(u)
            for p in providers
            if _node_type(G, p) == "program"
            for u, _, t in G.in_edges(p, data="type")
            if t == "operates" and u not in providers
        })
        needs.append({
            "code": code,
            "id": str(n),
            "label": scrub(_display_name(G, n, lang)),
            "label_ja": scrub(str(G.nodes[n].get("label_ja") or code)),
            "providers": [str(p) for p in providers],
            "operators": operators,
            "gap": "uncovered" if code in uncovered else "thin" if code in thin else None,
        })

    graph_attrs = {
        str(k): _jsonable(v, scrub)
        for k, v in G.graph.items()
        if not (redact and k in SENSITIVE_KEYS)
    }
    return {
        "meta": {
            "lang": lang,
            "seed": seed,
            "size_by": size_used,
            "size_by_requested": size_by,
            "size_label": label(SIZE_MEASURES, size_used, lang),
            "redacted": redact,
            "has_analysis": bool(analysis),
            "has_gaps": bool(uncovered or thin),
            "has_brokers": bool(broker_rank),
            "municipality": graph_attrs,
        },
        "styles": STYLES,
        "ui": ui_strings(lang),
        "nodes": nodes,
        "edges": edges,
        "needs": needs,
    }


# --------------------------------------------------------------------------- layout


def layout(G: nx.MultiDiGraph, seed: int = 1) -> dict[Any, tuple[float, float]]:
    """Deterministic positions: the hub in the centre, sectors on wedges of rings around it.

    Organisations sit on concentric rings, each sector on its own wedge (wedge angle in
    proportion to its number of organisations; the best-connected nearest the centre).
    Meetings and programs sit on rings inside the organisations, at the mean angle of their
    members; needs on rings outside, at the mean angle of their providers; roles just outside
    the organisation where they are placed. Items on a ring keep their preferred order and are
    pushed apart to a fixed spacing, so nothing overlaps. ``seed`` drives a small jitter
    (a fraction of the spacing), so positions depend only on the graph and the seed.

    Returns
    -------
    dict
        Node → (x, y) as Python floats, in vis-network canvas units.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("hub", node_type="organisation", hub=True, sector="government")
    >>> G.add_node("a", node_type="organisation", sector="npo")
    >>> pos = layout(G)
    >>> pos["hub"]
    (0.0, 0.0)
    >>> 370 < math.hypot(*pos["a"]) < 390  # first ring, radius 380, plus a little jitter
    True
    """
    rng = random.Random(seed)
    sp = _SPACING_LABELLED if G.number_of_nodes() <= _LABELLED_MAX_NODES else _SPACING_DENSE
    gap_r = sp * 1.05
    adjacency = _adjacency(G)
    types = {n: _node_type(G, n) for n in G}
    orgs = [n for n in G if types[n] == "organisation"]
    hubs = sorted((n for n in orgs if _truthy(G.nodes[n].get("hub"))), key=str)
    hub = hubs[0] if hubs else None
    pos: dict[Any, tuple[float, float]] = {}
    if hub is not None:
        pos[hub] = (0.0, 0.0)

    # --- organisations: sector wedges on rings
    sector_order = list(SECTORS)
    groups: dict[str, list[Any]] = {}
    for n in orgs:
        if n == hub:
            continue
        sector = str(G.nodes[n].get("sector") or "other")
        groups.setdefault(sector, []).append(n)
    order = [s for s in sector_order if s in groups] + sorted(s for s in groups if s not in SECTORS)
    for s in order:
        groups[s].sort(key=lambda n: (-len(adjacency[n]), str(n)))
    total = sum(len(v) for v in groups.values())

    inner = [n for n in G if types[n] in ("meeting", "program")]
    r0 = max(380.0, math.sqrt(total) * sp * 0.5)
    while _ring_capacity(160.0, r0 - 1.5 * sp, sp) < len(inner):
        r0 += gap_r
    gap = 0.05 if len(order) > 1 else 0.0
    free = 2 * math.pi - gap * len(order)
    angle = -math.pi / 2  # first sector starts at the top
    outermost = r0
    for s in order:
        members = groups[s]
        wedge = free * len(members) / total
        placed, ring = 0, 0
        while placed < len(members):
            r = r0 + ring * gap_r
            capacity = max(1, int(wedge * r / sp))
            batch = members[placed:placed + capacity]
            step = wedge / len(batch)
            for i, n in enumerate(batch):
                a = angle + ((i + 0.5 + (0.25 if ring % 2 else 0.0)) * step) % wedge
                pos[n] = _polar(r, a, rng, sp)
            outermost = max(outermost, r)
            placed += len(batch)
            ring += 1
        angle += wedge + gap

    def pref_angle(n: Any, wanted: Iterable[str]) -> float:
        sx = sy = 0.0
        for m in adjacency[n]:
            if m in pos and types[m] in wanted and m != hub:
                x, y = pos[m]
                d = math.hypot(x, y) or 1.0
                sx += x / d
                sy += y / d
        if sx == 0.0 and sy == 0.0:
            return rng.uniform(-math.pi, math.pi)
        return math.atan2(sy, sx)

    # --- meetings and programs: rings inside the organisations
    inner.sort(key=str)
    prefs = {n: pref_angle(n, ("organisation",)) for n in inner}
    _place_rings(inner, prefs, r0 - 1.5 * sp, -gap_r, 160.0, pos, rng, sp)

    # --- needs: rings outside, near their providers (organisations and programs)
    needs = sorted((n for n in G if types[n] == "need"), key=str)
    prefs = {n: pref_angle(n, ("organisation", "program")) for n in needs}
    _place_rings(needs, prefs, outermost + 2 * sp, gap_r, None, pos, rng, sp)
    outermost_need = max((math.hypot(*pos[n]) for n in needs), default=outermost + 2 * sp)

    # --- roles: just outside the organisation where they are placed (around the hub: a circle)
    rest: list[Any] = []
    guests: dict[Any, list[Any]] = {}
    for n in sorted((n for n in G if n not in pos), key=str):
        hosts = sorted(
            (v for _, v, t in G.out_edges(n, data="type") if t == "placed_at" and v in pos),
            key=str,
        )
        if types[n] == "role" and hosts:
            guests.setdefault(hosts[0], []).append(n)
        else:
            rest.append(n)
    for host, roles in guests.items():
        hx, hy = pos[host]
        if host == hub:
            for k, n in enumerate(roles):
                a = math.pi / 2 + (k + 0.5) * 2 * math.pi / len(roles)
                pos[n] = (round(hx + 0.9 * sp * math.cos(a), 2), round(hy + 0.9 * sp * math.sin(a), 2))
            continue
        a0 = math.atan2(hy, hx)
        for k, n in enumerate(roles):
            r = math.hypot(hx, hy) + 0.45 * sp * (1 + k // 3)
            pos[n] = _polar(r, a0 + (k % 3 - 1) * 0.35 * sp / r, rng, sp, jitter=0.0)
    prefs = {n: pref_angle(n, ("organisation",)) for n in rest}
    _place_rings(rest, prefs, outermost_need + 2 * sp, gap_r, None, pos, rng, sp)
    return pos


def _polar(
    r: float, a: float, rng: random.Random, sp: float, jitter: float = 0.1
) -> tuple[float, float]:
    dx = rng.uniform(-jitter, jitter) * sp if jitter else 0.0
    dy = rng.uniform(-jitter, jitter) * sp if jitter else 0.0
    return (round(r * math.cos(a) + dx, 2), round(r * math.sin(a) + dy, 2))


def _ring_capacity(r_first: float, r_last: float, sp: float) -> int:
    total, r = 0, r_first
    while r <= r_last:
        total += max(1, int(2 * math.pi * r / sp))
        r += sp * 1.05
    return total


def _place_rings(
    items: list[Any],
    prefs: dict[Any, float],
    r_start: float,
    r_step: float,
    r_limit: float | None,
    pos: dict[Any, tuple[float, float]],
    rng: random.Random,
    sp: float,
) -> None:
    """Place ``items`` on rings from ``r_start`` by ``r_step``, near their preferred angles."""
    if not items:
        return
    radii: list[float] = []
    capacity = 0
    r = r_start
    while capacity < len(items):
        if r_limit is not None and r < r_limit:  # inward rings ran out: keep going outward
            r_step, r = abs(r_step), max(radii) + abs(r_step)
        radii.append(r)
        capacity += max(1, int(2 * math.pi * r / sp))
        r += r_step
    ordered = sorted(items, key=lambda n: (prefs[n], str(n)))
    rings: list[list[Any]] = [[] for _ in radii]
    caps = [max(1, int(2 * math.pi * r / sp)) for r in radii]
    # deal items round-robin so each ring keeps the angular order, within capacity
    k = 0
    for n in ordered:
        while len(rings[k % len(radii)]) >= caps[k % len(radii)]:
            k += 1
        rings[k % len(radii)].append(n)
        k += 1
    for r, ring in zip(radii, rings, strict=True):
        for n, a in zip(ring, _spread([prefs[n] for n in ring], sp / r), strict=True):
            pos[n] = _polar(r, a, rng, sp)


def _spread(angles: list[float], min_sep: float) -> list[float]:
    """Push sorted angles apart to ``min_sep`` radians, staying near where they wanted to be.

    Examples
    --------
    >>> [round(a, 2) + 0.0 for a in _spread([0.0, 0.0, 0.0], 0.1)]
    [-0.1, 0.0, 0.1]
    """
    n = len(angles)
    if n <= 1:
        return list(angles)
    if n * min_sep >= 2 * math.pi:
        start = angles[0]
        return [start + i * 2 * math.pi / n for i in range(n)]
    out = [angles[0]]
    for a in angles[1:]:
        out.append(max(a, out[-1] + min_sep))
    if out[-1] - out[0] > 2 * math.pi - min_sep:  # wrapped into the first: compress evenly
        step = (2 * math.pi) / n
        out = [out[0] + i * step for i in range(n)]
    shift = sum(o - a for o, a in zip(out, angles, strict=True)) / n
    return [o - shift for o in out]


# --------------------------------------------------------------------------- measures


def _measure(
    G: nx.MultiDiGraph,
    adjacency: dict[Any, set[Any]],
    size_by: str,
    analysis: dict[str, Any],
) -> tuple[dict[Any, float], str]:
    brokers = analysis.get("brokers") or {}
    if size_by != "degree" and not brokers:
        warnings.warn(
            f"size_by={size_by!r} needs analysis['brokers']; sizing by degree instead",
            stacklevel=3,
        )
        size_by = "degree"
    if size_by == "degree":
        return {n: float(len(adjacency[n])) for n in G}, "degree"
    key = "betweenness" if size_by == "betweenness" else "total"
    by_str = {str(k): v for k, v in brokers.items()}
    values: dict[Any, float] = {}
    for n in G:
        entry = by_str.get(str(n)) or {}
        value = entry.get(key, 0.0) if isinstance(entry, dict) else 0.0
        values[n] = _float(value)
    return values, size_by


def _sizes(G: nx.MultiDiGraph, measure: dict[Any, float]) -> dict[Any, float]:
    """Node size: min + (max − min)·√(value / largest value); the hub is enlarged."""
    spec = STYLES["size"]
    top = max(measure.values(), default=0.0) or 1.0
    sizes: dict[Any, float] = {}
    for n in G:
        v = max(0.0, measure.get(n, 0.0))
        size = spec["min"] + (spec["max"] - spec["min"]) * math.sqrt(v / top)
        if _node_type(G, n) == "organisation" and _truthy(G.nodes[n].get("hub")):
            size = max(size * spec["hub_factor"], spec["hub_min"])
        sizes[n] = round(size, 2)
    return sizes


def _broker_ranks(G: nx.MultiDiGraph, brokers: dict[Any, Any]) -> dict[Any, int]:
    """Rank 1.. of the top brokers: by betweenness, then brokerage total; only positive ones.

    The top ``max(3, min(10, ceil(5 % of organisations)))`` are marked.
    """
    known = {str(n): n for n in G}
    scored = []
    for k, entry in brokers.items():
        if str(k) not in known or not isinstance(entry, dict):
            continue
        b, t = _float(entry.get("betweenness", 0.0)), _float(entry.get("total", 0.0))
        if b > 0 or t > 0:
            scored.append((-b, -t, str(k)))
    scored.sort()
    n_orgs = sum(1 for n in G if _node_type(G, n) == "organisation")
    top = max(3, min(10, math.ceil(0.05 * n_orgs)))
    return {known[k]: i + 1 for i, (_, _, k) in enumerate(scored[:top])}


# --------------------------------------------------------------------------- redaction


def redactor(G: nx.MultiDiGraph) -> Callable[[str], str]:
    """Return a function that removes person names, phone numbers and e-mails from text.

    Names are the ``contact_name`` values found anywhere in the graph (node, edge and graph
    attributes), with and without their inner spaces; phone numbers are Japanese forms
    (``046-252-7717``, ``046(252)7717``, ``0462527717``, ``+81-46-…``, full-width digits)
    with at least 9 digits; e-mails are ``local@domain.tld`` (also with ``＠``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", contact_name="座間 太郎")
    >>> scrub = redactor(G)
    >>> scrub("担当 座間太郎 046-252-7717 taro@example.jp 2025-04-01")
    '担当 ［氏名削除］ ［電話番号削除］ ［メール削除］ 2025-04-01'
    """
    names: set[str] = set()
    sources: list[dict[str, Any]] = [G.graph, *(a for _, a in G.nodes(data=True))]
    sources += [a for _, _, a in G.edges(data=True)]
    for attrs in sources:
        value = attrs.get("contact_name")
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            for part in re.split(r"[;；、,，/／]", str(v)):
                part = part.strip()
                if len(part) >= 2:
                    names.add(part)
                    names.add(re.sub(r"[\s\u3000]+", "", part))
    ordered = sorted(names, key=len, reverse=True)

    def phone(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        return REDACTED_PHONE if digits >= 9 else match.group(0)

    def scrub(text: str) -> str:
        for name in ordered:
            text = text.replace(name, REDACTED_NAME)
        text = _EMAIL_RE.sub(REDACTED_EMAIL, text)
        return _PHONE_RE.sub(phone, text)

    return scrub


def _identity(text: str) -> str:
    return text


# --------------------------------------------------------------------------- helpers


def _adjacency(G: nx.MultiDiGraph) -> dict[Any, set[Any]]:
    adj: dict[Any, set[Any]] = {n: set() for n in G}
    for u, v in G.edges():
        if u != v:
            adj[u].add(v)
            adj[v].add(u)
    return adj


def _node_type(G: nx.MultiDiGraph, n: Any) -> str:
    t = G.nodes[n].get("node_type")
    if t in NODE_TYPES:
        return str(t)
    if isinstance(n, str) and n.startswith("need:"):
        return "need"
    return "organisation"


def _need_code(G: nx.MultiDiGraph, n: Any) -> str:
    code = G.nodes[n].get("code")
    if code:
        return str(code)
    return str(n)[5:] if str(n).startswith("need:") else str(n)


def _coverage(G: nx.MultiDiGraph, need_nodes: dict[str, Any]) -> dict[Any, set[str]]:
    """Node → need codes it covers: its ``covers`` links plus its ``needs`` attribute.

    A ``needs`` entry may be a code or a Japanese label (FORMAT.md allows both in the CSV);
    labels are matched against the need nodes' ``label_ja``.
    """
    by_label = {
        unicodedata.normalize("NFKC", str(G.nodes[n].get("label_ja") or "")): code
        for code, n in need_nodes.items()
    }
    node_code = {n: code for code, n in need_nodes.items()}
    out: dict[Any, set[str]] = {}
    for u, v, t in G.edges(data="type"):
        if t == "covers" and v in node_code:
            out.setdefault(u, set()).add(node_code[v])
    for n, attrs in G.nodes(data=True):
        raw = attrs.get("needs")
        if not raw or _node_type(G, n) == "need":
            continue
        values = raw if isinstance(raw, list | tuple | set) else re.split(r"[;；]", str(raw))
        for value in values:
            value = unicodedata.normalize("NFKC", str(value)).strip()
            code = value if value in need_nodes else by_label.get(value)
            if code:
                out.setdefault(n, set()).add(code)
    return out


def _display_name(G: nx.MultiDiGraph, n: Any, lang: str) -> str:
    attrs = G.nodes[n]
    if _node_type(G, n) == "need":
        keys = ("label_en", "label_ja") if lang == "en" else ("label_ja", "label_en")
        for key in keys:
            if attrs.get(key):
                return str(attrs[key])
        return _need_code(G, n)
    keys = ("name_en", "name") if lang == "en" else ("name", "name_en")
    for key in keys:
        if attrs.get(key):
            return str(attrs[key])
    return str(n)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "y", "はい", "○")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def _float(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(f) or math.isinf(f) else f


def _jsonable(value: Any, scrub: Callable[[str], str]) -> Any:
    """A plain JSON value: NaN → None, dates and other objects → scrubbed strings."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v, scrub) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v, scrub) for k, v in value.items()}
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return _jsonable(value.item(), scrub)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return scrub(str(value))


@lru_cache(maxsize=4)
def _vis_asset(name: str) -> str:
    """Read vis-network 9.1.2 (``name``) from the installed pyvis package; licence kept."""
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - depends on the installed pyvis
        raise RuntimeError(
            f"vis-network is not where pyvis keeps it: {path} ({exc}); "
            "reinstall pyvis>=0.3.2"
        ) from exc


def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _inline_script(js: str) -> str:
    """Make ``js`` safe to sit inside ``<script>…</script>``."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
