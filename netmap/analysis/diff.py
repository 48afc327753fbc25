"""What changed between two snapshots of one network (``netmap diff``).

A coordinator looking at last year's map and this year's asks *who joined, who left, which ties
are new, which gaps closed*: a plain-data answer built from the same
:class:`~netmap.model.Network` questions as :mod:`netmap.analysis.gaps`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from netmap.analysis.gaps import gaps
from netmap.model import LINK_TYPES, Network

__all__ = ["diff"]

# -- diff -------------------------------------------------------------------------------------
_COMPARED_ATTRS = ("node_type", "name", "kind", "sector", "hub", "area", "category", "basis",
                   "per_year", "per_year_max", "count")
_GAP_KINDS = ("uncovered", "thin", "unreachable", "unlinked_duplicates", "sector_holes",
              "critical")


def _link_key(u: str, v: str, ltype: str) -> tuple[str, str, str]:
    lt = LINK_TYPES.get(ltype)
    if lt is not None and not lt.directed and v < u:
        u, v = v, u
    return (u, v, ltype)


def _links(net: Network) -> Counter[tuple[str, str, str]]:
    return Counter(_link_key(u, v, d["type"]) for u, v, d in net.links())


def _gap_items(g: dict[str, Any], kind: str) -> list[str]:
    """The items of one kind of gap as comparable strings (need codes, ids, ``a|b``)."""
    if kind == "uncovered":
        return list(g["uncovered"])
    if kind == "sector_holes":
        return ["|".join(pair) for pair in g["sector_holes"]]
    if kind == "critical":
        return [r["id"] for r in g["critical"]]
    return [r["need"] for r in g[kind]]


def diff(old: Network, new: Network) -> dict[str, Any]:
    """What changed between two snapshots of one network (``netmap diff``).

    Returns
    -------
    dict
        - ``old`` / ``new``: ``{slug, code, name}``;
        - ``joined`` / ``left``: ``{id, name, node_type}`` of nodes (not needs) only in the
          new / old snapshot, in file order;
        - ``changed``: ``{id, name, changes: {attribute: [old, new]}}`` for nodes in both whose
          type, name, kind, sector, hub flag, area, category, basis, sittings or count differ;
        - ``ties_added`` / ``ties_lost``: link type → ``[{source, target, source_name,
          target_name}]`` (every link type, ``covers`` included; undirected types compared
          without direction; a link present twice counts twice);
        - ``gaps_opened`` / ``gaps_closed``: gap kind → items only in the new / old
          :func:`~netmap.analysis.gaps.gaps` (need codes for ``uncovered``, ``thin``,
          ``unreachable`` and ``unlinked_duplicates``; ``"a|b"`` sector pairs for
          ``sector_holes``; organisation ids for ``critical``).

    Notes
    -----
    Identity is the dataset id: an organisation renamed keeps its id and shows under
    ``changed``; one given a new id shows as one leaving and one joining.
    """

    def nodes(net: Network) -> dict[str, dict[str, Any]]:
        return {n: d for n, d in net.graph.nodes(data=True) if d.get("node_type") != "need"}

    a, b = nodes(old), nodes(new)
    joined = [{"id": n, "name": d.get("name", n), "node_type": d["node_type"]}
              for n, d in b.items() if n not in a]
    left = [{"id": n, "name": d.get("name", n), "node_type": d["node_type"]}
            for n, d in a.items() if n not in b]
    changed = []
    for n, d in b.items():
        if n in a:
            ch = {k: [a[n].get(k), d.get(k)] for k in _COMPARED_ATTRS if a[n].get(k) != d.get(k)}
            if ch:
                changed.append({"id": n, "name": d.get("name", n), "changes": ch})

    la, lb = _links(old), _links(new)

    def grouped(keys: Counter[tuple[str, str, str]], net: Network) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for (u, v, t), k in keys.items():
            for _ in range(k):
                out.setdefault(t, []).append({"source": u, "target": v,
                                              "source_name": net.name_of(u),
                                              "target_name": net.name_of(v)})
        return {t: out[t] for t in LINK_TYPES if t in out}

    ga, gb = gaps(old), gaps(new)
    opened: dict[str, list[str]] = {}
    closed: dict[str, list[str]] = {}
    for kind in _GAP_KINDS:
        before, after = _gap_items(ga, kind), _gap_items(gb, kind)
        opened[kind] = [x for x in after if x not in before]
        closed[kind] = [x for x in before if x not in after]

    def ident(net: Network) -> dict[str, str]:
        return {"slug": net.slug, "code": net.code, "name": net.name}

    return {"old": ident(old), "new": ident(new), "joined": joined, "left": left,
            "changed": changed, "ties_added": grouped(lb - la, new),
            "ties_lost": grouped(la - lb, old), "gaps_opened": opened, "gaps_closed": closed}
