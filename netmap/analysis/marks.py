"""The analysis marks a map shows: uncovered and thin needs, and broker scores per node.

Maps (:mod:`netmap.render.map`, :mod:`netmap.render.picture`) take these marks as plain data
so they never compute analyses themselves.
"""

from __future__ import annotations

from typing import Any

from netmap.model import Network

__all__ = ["marks", "analyse"]


def marks(gaps: dict[str, Any], brokers: list[dict[str, Any]]) -> dict[str, Any]:
    """Map marks from the results of :func:`~netmap.analysis.gaps.gaps` and
    :func:`~netmap.analysis.brokers.brokers`."""
    return {
        "uncovered": list(gaps["uncovered"]),
        "thin": [{"need": t["need"], "providers": t["providers"]} for t in gaps["thin"]],
        "brokers": {r["id"]: {"betweenness": r["betweenness"], "total": r["total"]}
                    for r in brokers},
    }


def analyse(net: Network) -> dict[str, Any]:
    """Gaps and brokers of ``net`` as map marks."""
    from netmap.analysis.brokers import brokers
    from netmap.analysis.gaps import gaps

    return marks(gaps(net), brokers(net))
