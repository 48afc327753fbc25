"""Observed demand (``demand.csv``) against the services that meet it, with child needs rolled
up to their parents and the period of the counts set beside the date of the provider data.

座間's demand table counts the issues of 115 first assessments in H30年度 (2018, seed 002
l.457-468) while its providers are those of the 2023-07-21 slide deck: dividing one by the other
mixes five years. We still do it — it is the only pressure figure there is — but say so.
"""

from __future__ import annotations

import re
from typing import Any

from netmap.model import Network
from netmap.strings import t
from netmap.taxonomy import load_taxonomy

__all__ = ["demand_totals", "demand_ranking", "demand_period", "fiscal_year"]

_ERA = {"h": 1988, "平成": 1988, "r": 2018, "令和": 2018}


def fiscal_year(text: str) -> int | None:
    """The western year of a period such as ``H30年度``, ``令和5年度``, ``R5``, ``2023-07-21``.

    >>> [fiscal_year(t) for t in ("H30年度", "令和5年度", "R5", "2023-07-21", "不明")]
    [2018, 2023, 2023, 2023, None]
    """
    m = re.search(r"(平成|令和|[HhRr])\s*(\d{1,2})", text)
    if m:
        return _ERA[m.group(1).lower()] + int(m.group(2))
    m = re.search(r"(19|20)\d\d", text)
    return int(m.group(0)) if m else None


def demand_totals(net: Network) -> dict[str, int]:
    """Need code → observed cases (``demand.csv`` rows of one need summed)."""
    out: dict[str, int] = {}
    for row in net.graph.graph.get("demand", []):
        out[row["need"]] = out.get(row["need"], 0) + int(row["count"])
    return out


def demand_period(net: Network) -> dict[str, Any]:
    """The periods of the demand counts beside the date of the dataset (``as_of``).

    ``differs`` is True when a demand year differs from the ``as_of`` year (or either is
    unknown while demand exists); ``note_ja``/``note_en`` say it in one line.
    """
    periods = sorted({str(r.get("period", "")) for r in net.graph.graph.get("demand", [])} - {""})
    years = sorted({y for y in map(fiscal_year, periods) if y is not None})
    as_of = str(net.graph.graph.get("as_of", "") or "")
    as_of_year = fiscal_year(as_of) if as_of else None
    has = bool(net.graph.graph.get("demand"))
    differs = has and (not years or as_of_year is None or years != [as_of_year])
    ja = en = ""
    if differs:
        ja = (f"需要は {'・'.join(periods) or '期間不明'} の件数、提供者は {as_of or '時点不明'} 時点"
              "（期間が異なります）")
        en = (f"demand counts are from {', '.join(periods) or 'an unknown period'}, providers as "
              f"of {as_of or 'an unknown date'} (periods differ)")
    return {"demand": periods, "demand_years": years, "as_of": as_of or None,
            "differs": differs, "note_ja": ja, "note_en": en}


def _descendants(code: str, children: dict[str, list[str]]) -> list[str]:
    out, todo = [], list(children.get(code, []))
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(children.get(c, []))
    return out


def demand_ranking(net: Network, providers: dict[str, list[str]] | None = None,
                   services: dict[str, list[dict[str, Any]]] | None = None
                   ) -> list[dict[str, Any]]:
    """Needs ranked by observed cases per independent service, child needs rolled up.

    Each row: ``need``, ``label``, ``demand`` (own cases), ``demand_with_children`` (own +
    every descendant need's cases: the assessment categories are disjoint, so they add),
    ``providers`` (organisations covering the need itself), ``cases_per_provider`` (own cases
    / providers, the old figure), ``services`` (independent services for the need or a
    descendant, :func:`netmap.analysis.gaps.services`) and ``cases_per_service``
    (``demand_with_children`` / ``services``; None without a service); ``includes_children``
    (a child need adds cases or services to the row: 座間市's メンタルヘルス has one service of
    its own, 自立相談支援事業, and 3 with its children, so `gaps` calls it 単独 while this row
    says 3) with ``note_ja`` / ``note_en`` (「下位ニーズを含む」, empty otherwise), which
    every surface prints beside the row. A parent need appears
    when a child has cases. A need with cases and no service ranks first, then cases per
    service, highest first.
    """
    from netmap.analysis.gaps import services as find_services

    providers = providers if providers is not None else net.providers()
    svc = services if services is not None else find_services(net)
    tax = load_taxonomy()
    children: dict[str, list[str]] = {}
    for need in tax:
        if need.parent:
            children.setdefault(need.parent, []).append(need.code)
    own = demand_totals(net)
    labels: dict[str, str] = {}
    for row in net.graph.graph.get("demand", []):
        labels.setdefault(row["need"], row.get("label", ""))
    codes = list(own)
    for code in list(own):
        parent = tax.needs[code].parent if code in tax else None
        while parent:
            if parent not in codes:
                codes.append(parent)
            parent = tax.needs[parent].parent if parent in tax else None
    rows: list[dict[str, Any]] = []
    for code in codes:
        family = [code, *_descendants(code, children)]
        total = sum(own.get(c, 0) for c in family)
        k = len(providers.get(code, []))
        s = len({x["id"] for c in family for x in svc.get(c, [])})
        n = own.get(code, 0)
        mixed = total != n or s != len({x["id"] for x in svc.get(code, [])})
        rows.append({"need": code,
                     "label": labels.get(code) or (tax.needs[code].label_ja if code in tax else code),
                     "demand": n, "demand_with_children": total, "providers": k,
                     "cases_per_provider": round(n / k, 3) if k and n else None,
                     "services": s, "cases_per_service": round(total / s, 3) if s else None,
                     "includes_children": mixed,
                     "note_ja": t("demand.incl_children", "ja") if mixed else "",
                     "note_en": t("demand.incl_children", "en") if mixed else ""})
    rows.sort(key=lambda r: (r["services"] > 0, -(r["cases_per_service"] or 0),
                             -r["demand_with_children"], r["need"]))
    return rows
