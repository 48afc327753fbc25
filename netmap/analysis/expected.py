"""Needs with no provider in the data that a statutory or near-universal body normally covers.

Every municipality has a 地域包括支援センター (介護保険法第115条の46), a 福祉事務所 (社会福祉法第14条),
a 社会福祉協議会 … A dataset built from one slide deck (座間市, seed 002) names none of them for
高齢者介護, yet the city certainly has them: such a need is 未登録の可能性 (probably
unrecorded), not a hole. The checklist is data, ``datasets/expected_providers.csv``: one row per
need with the body, its legal basis and a citation, and a ``hint`` (a regular expression) that
finds organisations in the data which probably are, or know, that body.
"""

from __future__ import annotations

import csv
import functools
import re
from typing import Any

from netmap.model import Network
from netmap.resources import expected_providers_csv

__all__ = ["expected_providers", "probably_unrecorded"]


@functools.lru_cache(maxsize=1)
def expected_providers() -> dict[str, dict[str, str]]:
    """need code → ``{body_ja, body_en, basis, evidence, hint}`` from the checklist."""
    with open(expected_providers_csv(), newline="", encoding="utf-8") as f:
        return {r["need"]: {k: v for k, v in r.items() if k != "need"}
                for r in csv.DictReader(f)}


def probably_unrecorded(net: Network, uncovered: list[str]) -> list[dict[str, Any]]:
    """The uncovered needs a checklist body normally covers, each with what to look for.

    Returns
    -------
    list of dict
        ``need``, ``body_ja``, ``body_en``, ``basis``, ``evidence`` (the checklist's
        citation) and ``candidates``: ``{id, name}`` of organisations whose name or kind
        matches the checklist's hint (座間市: 介護保険課 and 福祉長寿課 for 高齢者介護), the
        first place to ask.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> net = load_dataset(repo_root() / "datasets" / "zama")
    >>> [c["name"] for c in probably_unrecorded(net, ["elder_care"])[0]["candidates"]]
    ['座間市 健康部 介護保険課', '座間市 福祉部 福祉長寿課']
    """
    table = expected_providers()
    out = []
    for code in uncovered:
        row = table.get(code)
        if row is None:
            continue
        hint = re.compile(row["hint"]) if row.get("hint") else None
        candidates = [{"id": o, "name": d.get("name", o)} for o, d in net.nodes_of("organisation")
                      if hint and hint.search(f"{d.get('name', '')} {d.get('kind', '')}")]
        out.append({"need": code, **{k: row[k] for k in ("body_ja", "body_en", "basis",
                                                         "evidence")},
                    "candidates": candidates})
    return out
