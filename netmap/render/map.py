"""The offline interactive HTML map of one municipality's support network (vis-network, no CDN).

Why one module of ~550 lines: :func:`map_data` assembles the one JSON document the page
reads (nodes, edges, needs, marks, team, aliases, counts, styles, strings); its helpers each
build one part of it and are only meaningful together.

The page is one self-contained UTF-8 file built from ``templates/map.html`` by the one page
loader (:mod:`netmap.render.page`): vis-network 9.1.2's JavaScript and CSS are read from the copy
that the installed ``pyvis`` package ships and inlined; our script and stylesheet are
``templates/map.js`` and ``templates/map.css``. The graph travels as one JSON document in
``<script type="application/json" id="netmap-data">``: nodes with positions
(:mod:`netmap.render.layout`), sizes and attributes, edges, needs with their providers, the
analysis marks, the "who" team, the search aliases (``datasets/aliases.csv``), the named counts
(:mod:`netmap.render.counts`), the styling rules (:mod:`netmap.render.style`) and the UI strings.
The page's script builds every visible text with ``textContent`` (never HTML) or draws it on the
canvas, so a name such as ``<img src=x onerror=alert(1)>`` shows as text.

The map renders a :class:`netmap.model.Network` plus the results of the analyses (gaps and
brokers as :func:`netmap.analysis.marks.marks`, the who answer); it reads node types, need codes
and ``covers`` links from the model and computes no analysis itself.
"""

from __future__ import annotations

import csv
import html
import json
import math
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.analysis.marks import need_gap_groups
from netmap.model import Network
from netmap.render.counts import counts
from netmap.render.layout import adjacency, is_hub, layout, node_type
from netmap.render.page import fill, inline_script, script_json, template, vis_asset
from netmap.render.redact import identity, is_personal_key, redactor
from netmap.render.style import SIZE_MEASURES, STYLES, label, ui_strings
from netmap.resources import aliases_csv

__all__ = ["render_map", "write_map", "map_data", "pack_edges", "load_aliases", "as_network",
           "AGGREGATE_ABOVE"]

_LANGS = ("ja", "en")
#: The page's scripts, in order, in one ``<script>``: label placement, the print sheet, the map.
_SCRIPTS = ("labels.js", "print.js", "groups.js", "map.js")
#: Above this many nodes the map opens aggregated (render_map's ``aggregate``): the size at
#: which the layout turns dense and names come only with zoom (layout.LABELLED_MAX_NODES).
AGGREGATE_ABOVE = 300
#: Team options of a who answer the page offers.
_WHO_TEAMS = 5
#: Attributes shown in their own panel rows; everything else goes to the "other" rows.
_CORE_KEYS = frozenset({
    "node_type", "name", "name_en", "kind", "sector", "hub", "needs", "evidence",
    "assured_date", "code", "label_ja", "label_en", "id",
})
_COMPUTED_KEYS = frozenset({
    "x", "y", "size", "measure", "degree", "label", "covers", "extra", "gap", "broker_rank",
    "sector", "hub", "sole",
})


def as_network(net: Network | nx.MultiDiGraph[Any]) -> Network:
    """``net`` itself, or a bare typed graph wrapped as a :class:`~netmap.model.Network`."""
    return net if isinstance(net, Network) else Network(net)


def render_map(
    net: Network | nx.MultiDiGraph[Any],
    analysis: dict[str, Any] | None = None,
    lang: str = "ja",
    size_by: str = "degree",
    redact: bool = False,
    seed: int = 1,
    who: dict[str, Any] | None = None,
    aggregate: bool | None = None,
) -> str:
    """Render the network as one self-contained, offline HTML page.

    Parameters
    ----------
    net : Network or networkx.MultiDiGraph
        The municipality's network (a bare typed graph of FORMAT.md's last section is wrapped).
    analysis : dict, optional
        Map marks, :func:`netmap.analysis.marks.marks`: ``{"uncovered": [code, ...],
        "thin": [{"need": code, "providers": [id, ...]}, ...], "brokers": {id:
        {"betweenness": x, "total": n}}}``. Uncovered needs get a dark rim and a ⚠ label,
        thin ones a dashed rim, and the top brokers a gold border; the sole providers of thin
        needs (often the hub) stay lit in gap mode. Without it the gap and broker switches are
        off.
    lang : {"ja", "en"}
        Language of the UI, sector and kind names, and need labels. Japanese by default.
    size_by : {"degree", "betweenness", "brokerage"}
        Measure that sizes the nodes. ``betweenness`` and ``brokerage`` (Gould & Fernandez
        total) are read from ``analysis["brokers"]``; without it the map falls back to degree
        with a warning, and the legend says which measure was used.
    redact : bool
        Remove person names (``contact_name`` and any occurrence of those names in other
        text), phone numbers and e-mail addresses from the whole file
        (:func:`netmap.render.redact.redactor`).
    seed : int
        Seed of the layout's tie-breaking jitter: same graph and seed, same picture.
    who : dict, optional
        The answer of ``netmap who`` as plain data (:func:`netmap.analysis.who.who`:
        ``needs``, ``single``, ``teams`` with ``members``, ``covers`` and ``ties`` whose
        ``path`` is a hand-over route); the page opens with the first option and its routes
        highlighted, and offers the others (see ``_who_data``).
    aggregate : bool, optional
        Open the map aggregated: one node per sector (organisations) or per node type
        (programs, meetings, roles), sized by its number of members, links summed; needs and
        the hub stay single nodes; a click expands a group, and search, focus and filters
        draw the nodes they find individually. By default on above :data:`AGGREGATE_ABOVE`
        nodes (a hairball otherwise, and vis-network redraws 8,000 links a frame).

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
    data = map_data(net, analysis=analysis, lang=lang, size_by=size_by, redact=redact,
                    seed=seed, who=who, aggregate=aggregate)
    municipality = data["meta"].get("municipality", {})
    title = " ".join(str(v) for v in (municipality.get("name"), data["ui"]["title"]) if v)
    return fill(
        "map.html",
        lang=lang,
        title=html.escape(title),
        vis_css=vis_asset("vis-network.css"),
        vis_js=inline_script(vis_asset("vis-network.min.js")),
        map_css=template("map.css"),
        map_js=inline_script("\n".join(template(f) for f in _SCRIPTS)),
        data_json=script_json(pack_edges(data)),
    )


def write_map(net: Network | nx.MultiDiGraph[Any], out: Path | str, **kw: Any) -> Path:
    """Render the map (see :func:`render_map` for ``kw``) and write it to ``out`` as UTF-8.

    Written whole or not at all (:func:`netmap.io.output.write_text`), UTF-8
    whatever the locale (a Windows machine would otherwise write cp932 under
    ``<meta charset="utf-8">``).
    """
    return _write_text(Path(out), render_map(net, **kw))


def _write_text(out: Path, text: str) -> Path:
    from netmap.io.output import write_text

    out.parent.mkdir(parents=True, exist_ok=True)  # as before: a new folder for the map is made
    write_text(out, text)
    return out


def load_aliases(path: Path | None = None) -> list[dict[str, str]]:
    """The search aliases (``datasets/aliases.csv``): what people type → what names contain.

    Each row is ``alias, expands_to, note``: a search for ``alias`` (after NFKC, lower case,
    spaces removed) also finds every node whose searchable text contains one of the
    ``;``-separated ``expands_to`` terms.

    Examples
    --------
    >>> rows = load_aliases()
    >>> any(r["alias"] == "社協" and "社会福祉協議会" in r["expands_to"] for r in rows)
    True
    """
    with (path or aliases_csv()).open(encoding="utf-8", newline="") as f:
        return [{"alias": r["alias"].strip(), "expands_to": r["expands_to"].strip()}
                for r in csv.DictReader(f) if r.get("alias", "").strip()]


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
    net: Network | nx.MultiDiGraph[Any],
    analysis: dict[str, Any] | None = None,
    lang: str = "ja",
    size_by: str = "degree",
    redact: bool = False,
    seed: int = 1,
    who: dict[str, Any] | None = None,
    aggregate: bool | None = None,
) -> dict[str, Any]:
    """Build the JSON document the page draws from (also used by the SVG picture).

    ``meta["aggregate"]`` says whether the page opens aggregated (:func:`render_map`'s
    ``aggregate``; ``None``: above :data:`AGGREGATE_ABOVE` nodes).

    Returns a dict with ``meta``, ``styles``, ``ui``, ``counts``, ``aliases``, ``who``,
    ``nodes`` (id, label, x, y, size, attributes), ``edges`` (id, from, to, type, evidence,
    assured_date) and ``needs`` (code, label, gap, ``providers`` = nodes with a ``covers`` link
    to it, ``operators`` = organisations operating a providing program, ``sole`` = the single
    provider of a thin need as the analysis found it). Parameters as for :func:`render_map`.
    """
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, not {lang!r}")
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"size_by must be one of {tuple(SIZE_MEASURES)}, not {size_by!r}")
    net = as_network(net)
    G = net.graph
    analysis = analysis or {}
    scrub = redactor(G) if redact else identity

    adj = adjacency(G)
    positions = layout(G, seed=seed)
    measure, size_used = _measure(G, adj, size_by, analysis)
    sizes = _sizes(G, measure)
    need_nodes = {str(G.nodes[n].get("code") or n): n for n in G if node_type(G, n) == "need"}
    node_code = {n: c for c, n in need_nodes.items()}
    covers: dict[Any, set[str]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("type") == "covers" and v in node_code:
            covers.setdefault(u, set()).add(node_code[v])
    groups = need_gap_groups(analysis)
    thin = {str(t.get("need")): [str(p) for p in t.get("providers", [])]
            for t in analysis.get("thin", []) or []}
    sole = {p for providers in thin.values() for p in providers}
    broker_rank = _broker_ranks(G, analysis.get("brokers") or {})

    nodes = []
    for n in G:
        item = _node_item(G, n, lang, redact, scrub)
        item.update(x=positions[n][0], y=positions[n][1], size=sizes[n],
                    measure=measure.get(n, 0.0), degree=len(adj[n]),
                    covers=sorted(covers.get(n, set())))
        item["extra"] = sorted(k for k in item if k not in _CORE_KEYS | _COMPUTED_KEYS)
        code = node_code.get(n)
        if code is not None:
            item["code"] = code
            if code in groups:
                item["gap"] = groups[code]
                item["size"] = max(item["size"], STYLES["size"]["gap_min"])
        if str(n) in sole:
            item["sole"] = sorted(c for c, ps in thin.items() if str(n) in ps)
        if n in broker_rank:
            item["broker_rank"] = broker_rank[n]
        nodes.append(item)

    edges = _edge_items(G, redact, scrub)
    needs = _need_items(G, need_nodes, covers, groups, thin, lang, scrub)
    asks = {str(r["need"]): r for r in analysis.get("probably_unrecorded", []) or []}
    for nd in needs:
        if nd["code"] in asks:  # the body that normally covers it, and whom to ask
            r = asks[nd["code"]]
            nd["body"] = scrub(str(r.get("body_en" if lang == "en" else "body_ja") or ""))
            nd["ask"] = [scrub(_display_name(G, a, lang) if a in G else str(a))
                         for a in r.get("ask", [])]

    graph_attrs = {str(k): _jsonable(v, scrub) for k, v in G.graph.items()
                   if not (redact and is_personal_key(str(k)))}
    return {
        "meta": {
            "lang": lang, "seed": seed, "size_by": size_used, "size_by_requested": size_by,
            "size_label": label(SIZE_MEASURES, size_used, lang), "redacted": redact,
            "has_analysis": bool(analysis), "has_gaps": bool(groups),
            "has_brokers": bool(broker_rank), "municipality": graph_attrs,
            "aggregate": len(nodes) > AGGREGATE_ABOVE if aggregate is None else aggregate,
        },
        "styles": STYLES,
        "ui": ui_strings(lang),
        "counts": counts(net, lang),
        "aliases": load_aliases(),
        "who": _who_data(who, G),
        "nodes": nodes,
        "edges": edges,
        "needs": needs,
    }


def _edge_items(G: nx.MultiDiGraph[Any], redact: bool, scrub: Callable[[str], str]
                ) -> list[dict[str, Any]]:
    """Every link as plain JSON (``e<i>`` ids in graph order), personal keys left out when
    redacting."""
    edges = []
    for i, (u, v, attrs) in enumerate(G.edges(data=True)):
        edge = {"id": f"e{i}", "from": str(u), "to": str(v), "type": str(attrs.get("type", ""))}
        for key, value in attrs.items():
            if key in ("id", "from", "to", "type") or (redact and is_personal_key(str(key))):
                continue
            edge[key] = _jsonable(value, scrub)
        edges.append(edge)
    return edges


def _need_items(G: nx.MultiDiGraph[Any], need_nodes: dict[str, Any],
                covers: dict[Any, set[str]], groups: dict[str, str], thin: dict[str, list[str]],
                lang: str, scrub: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every need with its providers, the operators of the programs among them, and its gap
    group (:func:`netmap.analysis.gaps.need_gap_groups`; ``thin`` with the sole providers)."""
    needs = []
    for code, n in sorted(need_nodes.items(), key=lambda kv: kv[0]):
        providers = sorted(p for p, codes in covers.items() if code in codes and p != n)
        operators = sorted({
            str(u) for p in providers if node_type(G, p) == "program"
            for u, _, d in G.in_edges(p, data=True)
            if d.get("type") == "operates" and u not in providers
        })
        needs.append({
            "code": code, "id": str(n),
            "label": scrub(_display_name(G, n, lang)),
            "label_ja": scrub(str(G.nodes[n].get("label_ja") or code)),
            "providers": [str(p) for p in providers], "operators": operators,
            "sole": thin.get(code, []) if code in thin else [],
            "gap": groups.get(code),
        })
    return needs


def _node_item(G: nx.MultiDiGraph[Any], n: Any, lang: str, redact: bool,
               scrub: Callable[[str], str]) -> dict[str, Any]:
    """The node's attributes as plain JSON (redacted), with id, type, names, hub and sector."""
    attrs = G.nodes[n]
    ntype = node_type(G, n)
    item: dict[str, Any] = {"id": str(n), "node_type": ntype}
    for key, value in attrs.items():
        if (redact and is_personal_key(str(key))) or key in ("x", "y", "size", "id"):
            continue
        item[key] = _jsonable(value, scrub)
    item["name"] = scrub(_display_name(G, n, "ja"))
    item["label"] = scrub(_display_name(G, n, lang))
    item["hub"] = is_hub(G, n)
    item["sector"] = str(attrs.get("sector") or "other") if ntype == "organisation" else None
    return item


def _team_parts(team: dict[str, Any]) -> tuple[list[str], list[list[str]], dict[str, list[str]]]:
    """Members, hand-over routes and need → members of one team of a who answer.

    Members are ids or, as :func:`netmap.analysis.who.who` gives them, dicts with ``id``,
    ``covers`` ([{need, program}]) and ``route`` (steps ``source`` → ``target`` from the
    desk); older answers give ``covers`` as {member: [codes]} or {code: [members]} and
    ``ties`` with a ``path``.
    """
    members: list[str] = []
    routes: list[list[str]] = [[str(x) for x in r] for r in team.get("routes", []) or []]
    covers: dict[str, list[str]] = {}
    for m in team.get("members", []) or []:
        if isinstance(m, dict):
            mid = str(m.get("id"))
            members.append(mid)
            for c in m.get("covers", []) or []:
                covers.setdefault(str(c.get("need")), []).append(mid)
                if c.get("program"):
                    covers[str(c.get("need"))].append(str(c["program"]))
            steps = m.get("route") or []
            if steps:
                routes.append([str(steps[0]["source"])] + [str(st["target"]) for st in steps])
        else:
            members.append(str(m))
    routes += [[str(x) for x in t.get("path") or t.get("between") or []]
               for t in team.get("ties", []) or []]
    given: dict[str, list[str]] = team.get("covers") or {}
    for key, values in given.items():
        for value in values:
            code, member = (value, key) if str(key) in members else (key, value)
            covers.setdefault(str(code), []).append(str(member))
    return members, routes, covers


def _who_data(who: dict[str, Any] | None, G: nx.MultiDiGraph[Any]) -> dict[str, Any] | None:
    """The who answer reduced to what the page draws: needs, teams (members, covers, routes).

    Reads the result of ``netmap who`` (:func:`netmap.analysis.who.who`; see
    :func:`_team_parts` for the shapes read). At most :data:`_WHO_TEAMS` options, best first;
    ids not in the graph are dropped, so a stale answer cannot point the page at nothing.
    """
    if not who:
        return None
    known = {str(n) for n in G}
    options: list[dict[str, Any]] = [{"members": [s]} for s in who.get("single", []) or []]
    options += list(who.get("teams", []) or [])
    teams = []
    for team in options[:_WHO_TEAMS]:
        members, routes, covers = _team_parts(team)
        kept = [[x for x in r if x in known] for r in routes]
        teams.append({"members": [m for m in members if m in known],
                      "routes": [r for r in kept if len(r) > 1],
                      "covers": {c: [m for m in ids if m in known] for c, ids in covers.items()}})
    return {"needs": [str(c) for c in who.get("needs", []) or []], "teams": teams,
            "uncoverable": [str(c) for c in who.get("uncoverable", []) or []]}


# --------------------------------------------------------------------------- measures


def _measure(
    G: nx.MultiDiGraph[Any],
    adj: dict[Any, set[Any]],
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
        return {n: float(len(adj[n])) for n in G}, "degree"
    key = "betweenness" if size_by == "betweenness" else "total"
    by_str = {str(k): v for k, v in brokers.items()}
    values: dict[Any, float] = {}
    for n in G:
        entry = by_str.get(str(n)) or {}
        value = entry.get(key, 0.0) if isinstance(entry, dict) else 0.0
        values[n] = _float(value)
    return values, size_by


def _sizes(G: nx.MultiDiGraph[Any], measure: dict[Any, float]) -> dict[Any, float]:
    """Node size: min + (max − min)·√(value / largest value); the hub is enlarged."""
    spec = STYLES["size"]
    top = max(measure.values(), default=0.0) or 1.0
    sizes: dict[Any, float] = {}
    for n in G:
        v = max(0.0, measure.get(n, 0.0))
        size = spec["min"] + (spec["max"] - spec["min"]) * math.sqrt(v / top)
        if is_hub(G, n):
            size = max(size * spec["hub_factor"], spec["hub_min"])
        sizes[n] = round(size, 2)
    return sizes


def _broker_ranks(G: nx.MultiDiGraph[Any], brokers: dict[Any, Any]) -> dict[Any, int]:
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
    n_orgs = sum(1 for n in G if node_type(G, n) == "organisation")
    top = max(3, min(10, math.ceil(0.05 * n_orgs)))
    return {known[k]: i + 1 for i, (_, _, k) in enumerate(scored[:top])}


# --------------------------------------------------------------------------- helpers


def _display_name(G: nx.MultiDiGraph[Any], n: Any, lang: str) -> str:
    attrs = G.nodes[n]
    if node_type(G, n) == "need":
        keys: tuple[str, ...] = ("label_en", "label_ja") if lang == "en" else ("label_ja", "label_en")
        keys += ("code",)
    else:
        keys = ("name_en", "name") if lang == "en" else ("name", "name_en")
    for key in keys:
        if attrs.get(key):
            return str(attrs[key])
    return str(n)


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
