"""Evaluate the report extractor against the hand-read truth of seed 004.

Usage::

    python benchmarks/extract_eval.py [--visible FILE --truth FILE] [--worst N]

Prints per-field exact-match rates over all reports (basic numbers, programs, facility
counts) and recall / precision of organisations and meetings, then the worst reports.

Name matching (documented normalisation, :func:`netmap.io.extract.names.match_key`): NFKC,
all whitespace removed, a leading 法人格 (社会福祉法人, 特定非営利活動法人, NPO法人, 一般社団法人,
株式会社, …) removed, the report's own prefecture / municipality name removed from the front,
and a trailing parenthesised part removed. Two names match when their keys are equal.
Numbers match when equal within 1e-6 (None only matches None).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netmap.io.extract import extract_reports  # noqa: E402
from netmap.io.extract.names import match_key  # noqa: E402

SEEDS = ROOT / "datasets" / "sources"
BASIC = ("population", "households", "aging_rate", "welfare_rate_permil", "area_km2",
         "chiiki_kanyu_rate")
FACILITY = (("comprehensive_support_centers", "direct"),
            ("comprehensive_support_centers", "commissioned"),
            ("self_reliance_consultation", "direct"),
            ("self_reliance_consultation", "commissioned"))


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return a == b


def _pair(truth: dict[str, Any], got: dict[str, Any] | None) -> dict[str, Any]:
    """Compare one report; returns field → bool and name-set counts."""
    got = got or {}
    res: dict[str, Any] = {}
    for k in BASIC:
        res[k] = _same(truth.get(k), got.get(k))
    res["programs"] = sorted(truth.get("programs_implemented") or []) == \
        sorted(got.get("programs") or [])
    for sec, k in FACILITY:
        res[f"{sec}.{k}"] = _same((truth.get(sec) or {}).get(k), (got.get(sec) or {}).get(k))
    strip = tuple(x for x in (truth.get("prefecture"), truth.get("municipality"),
                              got.get("prefecture"), got.get("municipality"),
                              *(got.get("members") or [])) if x)
    for kind in ("organisations", "meetings"):
        tkey = {match_key(o["name"], strip) for o in truth.get(kind) or []}
        gkey = {match_key(o["name"], strip) for o in got.get(kind) or []}
        res[kind] = (len(tkey & gkey), len(tkey), len(gkey), sorted(tkey - gkey))
    return res


def evaluate(visible: Path, truth_path: Path) -> dict[str, Any]:
    """Run the extractor and compare; returns rates and per-report results."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    got = extract_reports(visible)
    by_start = {g["start_line"]: g for g in got}
    rows = []
    for t in truth:
        g = by_start.get(t["start_line"])
        if g is None:  # fall back to the report that contains the truth's first line
            g = next((x for x in got if x["start_line"] <= t["start_line"] <= x["end_line"]),
                     None)
        rows.append((t, g, _pair(t, g)))
    fields = [*BASIC, "programs", *(f"{s}.{k}" for s, k in FACILITY)]
    rates = {f: sum(r[2][f] for r in rows) / len(rows) for f in fields}
    basic_all = sum(r[2][f] for r in rows for f in BASIC) / (len(rows) * len(BASIC))
    out: dict[str, Any] = {"rates": rates, "basic_numbers": basic_all, "rows": rows,
                           "n_reports": len(truth), "n_extracted": len(got)}
    for kind in ("organisations", "meetings"):
        hit = sum(r[2][kind][0] for r in rows)
        tt = sum(r[2][kind][1] for r in rows)
        gg = sum(r[2][kind][2] for r in rows)
        out[f"{kind}_recall"] = hit / tt if tt else 1.0
        out[f"{kind}_precision"] = hit / gg if gg else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visible", type=Path, default=SEEDS / "004_reports_visible.txt")
    ap.add_argument("--truth", type=Path, default=SEEDS / "004_reports_visible_truth.json")
    ap.add_argument("--worst", type=int, default=8)
    args = ap.parse_args(argv)
    res = evaluate(args.visible, args.truth)
    print(f"reports: truth {res['n_reports']}, extracted {res['n_extracted']}")
    print("field                                      exact")
    for f, r in res["rates"].items():
        print(f"  {f:40s} {r:6.1%}")
    print(f"  {'basic numbers (all six)':40s} {res['basic_numbers']:6.1%}")
    for kind in ("organisations", "meetings"):
        print(f"  {kind:14s} recall {res[kind + '_recall']:6.1%}  "
              f"precision {res[kind + '_precision']:6.1%}")
    print("\nworst reports (fields wrong; organisation / meeting recall; missed names):")
    scored = []
    for t, g, r in res["rows"]:
        wrong = [f for f, v in r.items() if isinstance(v, bool) and not v]
        orec = r["organisations"][0] / max(1, r["organisations"][1])
        mrec = r["meetings"][0] / max(1, r["meetings"][1])
        scored.append((len(wrong) - orec - mrec, t, g, wrong, orec, mrec, r))
    scored.sort(key=lambda x: -x[0])
    for _, t, g, wrong, orec, mrec, r in scored[: args.worst]:
        name = t.get("municipality") or t.get("prefecture")
        print(f"- {t['start_line']:>5} {name}: wrong={wrong} org={orec:.0%} meet={mrec:.0%}")
        for f in wrong:
            sec, _, k = f.partition(".")
            tv = (t.get(sec) or {}).get(k) if k else t.get("programs_implemented"
                                                           if f == "programs" else f)
            gv = ((g or {}).get(sec) or {}).get(k) if k else (g or {}).get(
                "programs" if f == "programs" else f)
            print(f"      {f}: truth={tv!r} got={gv!r}")
        print(f"      missed orgs: {r['organisations'][3][:12]}")
        print(f"      missed meetings: {r['meetings'][3][:8]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
