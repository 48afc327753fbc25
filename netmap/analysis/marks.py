"""The analysis marks a map shows: uncovered, probably unrecorded and thin needs, and broker
scores per node.

Maps (:mod:`netmap.render.map`, :mod:`netmap.render.picture`) take these marks as plain data
so they never compute analyses themselves.
"""

from __future__ import annotations

from typing import Any

from netmap.model import Network

__all__ = ["marks", "analyse", "need_gap_groups", "GAP_GROUPS"]

#: The need-level gap groups, in the order every surface shows them (CLI ``gaps``, the report's
#: すき間 section, the map's すき間 list): no provider recorded, 未登録の可能性 (a statutory body
#: normally covers it, :mod:`netmap.analysis.expected`), a single service.
GAP_GROUPS = ("uncovered", "probably_unrecorded", "thin")


def need_gap_groups(g: dict[str, Any]) -> dict[str, str]:
    """Need code → its gap group (one of :data:`GAP_GROUPS`) from a :func:`netmap.analysis.gaps.gaps` result.

    The one place the grouping is read from, so the CLI, the report and the map count the
    same needs in the same groups (座間市: 3 uncovered, 3 probably unrecorded, 9 thin).
    Accepts a partial result (a map built from an older ``--json``): missing keys are empty.

    Examples
    --------
    >>> need_gap_groups({"uncovered": ["reentry"], "probably_unrecorded": [{"need": "elder_care"}],
    ...                  "thin": [{"need": "debt"}]})
    {'reentry': 'uncovered', 'elder_care': 'probably_unrecorded', 'debt': 'thin'}
    """
    out: dict[str, str] = {}
    for code in g.get("uncovered", []) or []:
        out[str(code)] = "uncovered"
    for r in g.get("probably_unrecorded", []) or []:
        out.setdefault(str(r["need"]), "probably_unrecorded")
    for r in g.get("thin", []) or []:
        out.setdefault(str(r["need"]), "thin")
    return out


def marks(gaps: dict[str, Any], brokers: list[dict[str, Any]]) -> dict[str, Any]:
    """Map marks from the results of :func:`~netmap.analysis.gaps.gaps` and
    :func:`~netmap.analysis.brokers.brokers`."""
    return {
        "uncovered": list(gaps["uncovered"]),
        "probably_unrecorded": [{k: r[k] for k in ("need", "body_ja", "body_en", "basis")}
                                | {"ask": [c["id"] for c in r["candidates"]]}
                                for r in gaps.get("probably_unrecorded", [])],
        "thin": [{"need": t["need"], "providers": t["providers"]} for t in gaps["thin"]],
        "brokers": {r["id"]: {"betweenness": r["betweenness"], "total": r["total"]}
                    for r in brokers},
    }


def analyse(net: Network) -> dict[str, Any]:
    """Gaps and brokers of ``net`` as map marks."""
    from netmap.analysis.brokers import brokers
    from netmap.analysis.gaps import gaps

    return marks(gaps(net), brokers(net))
