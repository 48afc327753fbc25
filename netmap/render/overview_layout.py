"""Positions for the big overview map: discs of nodes, packed in rings, computed in Python.

A force-directed layout (ForceAtlas2 in the browser, or :func:`netmap.render.html.layout`'s
rings refined per node) costs minutes at 100,000 nodes; the overview needs a picture in
seconds. So the layout is two cheap, deterministic steps:

1. **Inside one municipality** (:func:`sunflower`): its nodes sit on a sunflower spiral
   (Vogel 1979: point ``i`` at radius ``sqrt(i + ½)`` and angle ``i × 137.5°``, which fills a
   disc evenly). The ``√n`` best-connected nodes (the hub, 自立相談支援機関, the needs and the
   busiest organisations) take the innermost points, a core; the remaining points are cut
   into wedges by angle, one wedge per group (a sector, or a node type for programs,
   meetings and roles), so colours form slices, and within a wedge the better-connected
   nodes sit nearer the centre.
2. **Between municipalities** (:func:`ring_pack`): discs sorted by size, the largest in the
   centre, the others on concentric rings around it, each ring as far out as its largest
   disc needs; the same packing then places whole prefectures (each the disc enclosing its
   municipalities).

Everything is O(n) after sorting; 100,000 nodes take well under a second. Distances are in
"node spacings" (the sunflower's step is 1); sigma.js rescales coordinates to the screen.

References
----------
Vogel, H. (1979). A better way to construct the sunflower head. *Mathematical Biosciences*
44(3–4), 179–189.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

__all__ = ["sunflower", "ring_pack", "core_size", "GOLDEN_ANGLE"]

#: The golden angle in radians, π(3 − √5) ≈ 137.5°: successive points never line up.
GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
#: The core's points are this much further apart than the wedges' (its nodes are the largest).
_CORE_SPREAD = 2.5


def sunflower(items: Sequence[tuple[Hashable, str, float]]) -> tuple[
        dict[Hashable, tuple[float, float]], float]:
    """Place ``(key, group, weight)`` items on one disc; return positions and the disc radius.

    Parameters
    ----------
    items : sequence of (key, group, weight)
        ``group`` decides the wedge (groups keep the order of their first appearance);
        ``weight`` (e.g. degree) decides who is in the core and who sits nearer the centre;
        the heaviest node takes the centre.

    Returns
    -------
    positions : dict
        key → (x, y), centred on (0, 0).
    radius : float
        The disc's radius (≥ 1 so that a one-node municipality still takes room).

    Examples
    --------
    >>> pos, r = sunflower([("hub", "gov", 9.0), ("a", "npo", 1.0), ("b", "npo", 2.0)])
    >>> min(pos, key=lambda k: math.dist(pos[k], (0, 0)))
    'hub'
    >>> round(r, 2)
    3.99
    """
    n = len(items)
    if n == 0:
        return {}, 1.0
    k = core_size(n)
    push = (_CORE_SPREAD - 1) * math.sqrt(k)  # the wedges start where the core ends
    points = [(_CORE_SPREAD * math.sqrt(i + 0.5) if i < k else math.sqrt(i + 0.5) + push,
               i * GOLDEN_ANGLE % (2 * math.pi)) for i in range(n)]
    ranked = sorted(range(n), key=lambda i: (-items[i][2], i))
    core = ranked[:k]
    positions: dict[Hashable, tuple[float, float]] = {}
    for i, (radius, angle) in zip(core, points, strict=False):
        positions[items[i][0]] = _xy(radius, angle)
    in_core = set(core)
    rest = [item for i, item in enumerate(items) if i not in in_core]
    ring = sorted(points[len(core):], key=lambda p: p[1])  # by angle: runs are wedges
    order: dict[str, int] = {}
    for _, group, _ in rest:
        order.setdefault(group, len(order))
    rest.sort(key=lambda item: order[item[1]])
    start = 0
    while start < len(rest):
        end = start
        while end < len(rest) and rest[end][1] == rest[start][1]:
            end += 1
        wedge = sorted(ring[start:end])  # nearest the centre first
        members = sorted(rest[start:end], key=lambda item: -item[2])
        for (key, _, _), (radius, angle) in zip(members, wedge, strict=True):
            positions[key] = _xy(radius, angle)
        start = end
    return positions, max(1.0, math.sqrt(n + 0.5) + push)


def core_size(n: int) -> int:
    """How many of a disc's ``n`` nodes form its core: √n, rounded (1 of 1, 14 of 200,
    141 of 20,000): enough for the hub, the 21 needs and the busiest organisations of a town,
    few enough that the wedges keep most of the disc."""
    return min(n, max(1, round(math.sqrt(n))))


def _xy(radius: float, angle: float) -> tuple[float, float]:
    return (radius * math.cos(angle), radius * math.sin(angle))


def ring_pack(radii: Sequence[float], gap: float = 1.0) -> tuple[list[tuple[float, float]],
                                                                  float]:
    """Centres for discs of the given radii, none overlapping; and the enclosing radius.

    The largest disc goes in the centre; the rest, largest first, go round concentric rings.
    A ring's radius leaves ``gap`` between it and the ring inside; along a ring, neighbours
    are ``gap`` apart at least, and the angle left over when a ring is full is shared out
    evenly so that the ring closes without a hole.

    Parameters
    ----------
    radii : sequence of float
        Disc radii, in input order.
    gap : float
        Minimum space between two discs.

    Returns
    -------
    centres : list of (x, y)
        In input order.
    radius : float
        Radius of a circle about (0, 0) enclosing every disc.

    Examples
    --------
    >>> centres, r = ring_pack([3.0, 1.0, 1.0])
    >>> centres[0]
    (0.0, 0.0)
    >>> all(math.dist(c, (0, 0)) >= 3.0 + 1.0 + 1.0 for c in centres[1:])
    True
    """
    if not radii:
        return [], 0.0
    order = sorted(range(len(radii)), key=lambda i: -radii[i])
    centres: list[tuple[float, float]] = [(0.0, 0.0)] * len(radii)
    outer = radii[order[0]]  # the ring so far reaches this far out
    k = 1
    while k < len(order):
        widest = radii[order[k]]
        ring = outer + gap + widest
        members: list[int] = []
        angles: list[float] = []
        used = 0.0
        while k < len(order):
            r = radii[order[k]]
            step = 0.0 if not members else _chord_angle(radii[members[-1]] + r + gap, ring)
            closing = _chord_angle(r + radii[members[0]] + gap, ring) if members else 0.0
            if members and used + step + closing > 2 * math.pi:
                break
            used += step
            members.append(order[k])
            angles.append(used)
            k += 1
        if len(members) > 1:
            closing = _chord_angle(radii[members[-1]] + radii[members[0]] + gap, ring)
            spare = (2 * math.pi - used - closing) / len(members)
            angles = [a + i * spare for i, a in enumerate(angles)]
        for i, a in zip(members, angles, strict=True):
            centres[i] = (ring * math.cos(a), ring * math.sin(a))
        outer = ring + widest
    return centres, outer


def _chord_angle(chord: float, ring: float) -> float:
    """The angle at the centre subtending ``chord`` on a circle of radius ``ring``
    (π when the chord is longer than the diameter: the two cannot both be on the ring)."""
    return 2 * math.asin(min(1.0, chord / (2 * ring)))
