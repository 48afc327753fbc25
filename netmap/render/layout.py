"""Deterministic positions of the map: the hub in the centre, sector wedges on rings.

Used by the interactive map (:mod:`netmap.render.map`) and, through its page data, by the SVG
picture (:mod:`netmap.render.picture`), so both draw the same picture. Positions are in
vis-network canvas units (a node is 20–76 units across).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

import networkx as nx

from netmap.render.style import SECTORS

__all__ = ["layout", "adjacency", "node_type", "is_hub", "LABELLED_MAX_NODES"]

# Layout spacing, in vis-network canvas units (a node is 20–76 units across): roomy when the
# labels can be read, tight for big graphs where they are hidden until one zooms in.
_SPACING_LABELLED = 125.0
_SPACING_DENSE = 74.0
#: Above this many nodes the layout is dense (labels come with zoom).
LABELLED_MAX_NODES = 300


def node_type(G: nx.MultiDiGraph[Any], n: Any) -> str:
    """The ``node_type`` of a node as the model sets it (FORMAT.md); ``organisation`` if unset."""
    return str(G.nodes[n].get("node_type") or "organisation")


def is_hub(G: nx.MultiDiGraph[Any], n: Any) -> bool:
    """True for the organisation flagged ``hub`` (the 自立相談支援機関)."""
    return node_type(G, n) == "organisation" and G.nodes[n].get("hub") is True


def adjacency(G: nx.MultiDiGraph[Any]) -> dict[Any, set[Any]]:
    """Undirected neighbours of every node, self-loops left out."""
    adj: dict[Any, set[Any]] = {n: set() for n in G}
    for u, v in G.edges():
        if u != v:
            adj[u].add(v)
            adj[v].add(u)
    return adj



def layout(G: nx.MultiDiGraph[Any], seed: int = 1) -> dict[Any, tuple[float, float]]:
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
    sp = _SPACING_LABELLED if G.number_of_nodes() <= LABELLED_MAX_NODES else _SPACING_DENSE
    gap_r = sp * 1.05
    adj = adjacency(G)
    types = {n: node_type(G, n) for n in G}
    orgs = [n for n in G if types[n] == "organisation"]
    hubs = sorted((n for n in orgs if is_hub(G, n)), key=str)
    hub = hubs[0] if hubs else None
    pos: dict[Any, tuple[float, float]] = {}
    if hub is not None:
        pos[hub] = (0.0, 0.0)
    inner = [n for n in G if types[n] in ("meeting", "program")]
    r0, outermost = _place_organisations(G, orgs, hub, adj, len(inner), sp, rng, pos)

    def pref_angle(n: Any, wanted: Iterable[str]) -> float:
        sx = sy = 0.0
        for m in adj[n]:
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

    # --- roles beside their organisation; anything else on rings outside the needs
    rest = _place_roles(G, types, hub, sp, rng, pos)
    prefs = {n: pref_angle(n, ("organisation",)) for n in rest}
    _place_rings(rest, prefs, outermost_need + 2 * sp, gap_r, None, pos, rng, sp)
    return pos


def _place_organisations(G: nx.MultiDiGraph[Any], orgs: list[Any], hub: Any,
                         adj: dict[Any, set[Any]], n_inner: int, sp: float,
                         rng: random.Random, pos: dict[Any, tuple[float, float]]
                         ) -> tuple[float, float]:
    """Organisations on sector wedges of rings around the hub; returns the first and the
    outermost ring's radius (the first leaves room inside for ``n_inner`` meetings/programs)."""
    gap_r = sp * 1.05
    groups: dict[str, list[Any]] = {}
    for n in orgs:
        if n == hub:
            continue
        sector = str(G.nodes[n].get("sector") or "other")
        groups.setdefault(sector, []).append(n)
    order = [s for s in SECTORS if s in groups] + sorted(s for s in groups if s not in SECTORS)
    for s in order:
        groups[s].sort(key=lambda n: (-len(adj[n]), str(n)))
    total = sum(len(v) for v in groups.values())
    r0 = max(380.0, math.sqrt(total) * sp * 0.5)
    while _ring_capacity(160.0, r0 - 1.5 * sp, sp) < n_inner:
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
    return r0, outermost


def _place_roles(G: nx.MultiDiGraph[Any], types: dict[Any, str], hub: Any, sp: float,
                 rng: random.Random, pos: dict[Any, tuple[float, float]]) -> list[Any]:
    """Roles just outside the organisation where they are placed (around the hub: a circle);
    returns the nodes still without a position."""
    rest: list[Any] = []
    guests: dict[Any, list[Any]] = {}
    for n in sorted((n for n in G if n not in pos), key=str):
        hosts = sorted(
            (v for _, v, d in G.out_edges(n, data=True) if d.get("type") == "placed_at" and v in pos),
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
    return rest


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
