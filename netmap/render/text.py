"""Readable terminal output of the analyses (Japanese by default, English with ``--lang en``).

Pure formatting: the analyses return plain data; these functions only print it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netmap.model import SECTORS, Network, label
from netmap.taxonomy import load_taxonomy

__all__ = ["print_gaps", "print_who", "gap_rows"]

Echo = Callable[[str], None]


def _need(code: str, lang: str) -> str:
    tax = load_taxonomy()
    return tax.needs[code].label(lang) if code in tax else code


def gap_rows(net: Network, g: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per gap, for ``--csv``: ``kind``, ``subject``, ``detail``, ``evidence``."""
    rows: list[dict[str, Any]] = []
    for code in g["uncovered"]:
        rows.append({"kind": "uncovered", "subject": code, "detail": "", "evidence": ""})
    for t in g["thin"]:
        rows.append({"kind": "thin", "subject": t["need"], "detail": ";".join(t["providers"]),
                     "evidence": ";".join(t["evidence"])})
    for u in g["unreachable"]:
        rows.append({"kind": "unreachable", "subject": u["need"],
                     "detail": ";".join(p["id"] for p in u["providers"]), "evidence": ""})
    for u in g["unlinked_duplicates"]:
        rows.append({"kind": "unlinked_duplicates", "subject": u["need"],
                     "detail": ";".join(u["providers"]), "evidence": ""})
    for a, b in g["sector_holes"]:
        rows.append({"kind": "sector_hole", "subject": f"{a}|{b}", "detail": "", "evidence": ""})
    for c in g["critical"]:
        rows.append({"kind": "critical", "subject": c["id"],
                     "detail": ";".join(c["cut_off"] + [f"need:{n}" for n in c["needs_lost"]]),
                     "evidence": net.graph.nodes[c["id"]].get("evidence", "")})
    return rows


def print_gaps(net: Network, g: dict[str, Any], lang: str, echo: Echo) -> None:
    """The gaps report as sections with one line per finding."""
    en = lang == "en"

    def head(ja: str, e: str, n: int) -> None:
        echo(f"\n■ {e if en else ja} ({n})")

    echo(f"{net.graph.graph.get('prefecture', '')} {net.name} — "
         + ("gaps" if en else "すき間の点検"))
    head("誰も対応していないニーズ", "Needs nobody covers", len(g["uncovered"]))
    for code in g["uncovered"]:
        echo(f"  - {_need(code, lang)} ({code})")
    head("一か所だけが対応（単一障害点）", "Needs with a single provider", len(g["thin"]))
    for t in g["thin"]:
        dem = f" / {'cases' if en else '把握件数'} {t['demand']}" if t["demand"] else ""
        echo(f"  - {_need(t['need'], lang)}: {t['names'][0]}{dem}  [{'; '.join(t['evidence'])}]")
    if g["hub"] is None:
        echo("\n■ " + ("No hub flagged: reachability not computed" if en else
                       "司令塔（hub）が未設定のため、到達性は計算していません"))
    else:
        head(f"司令塔から {g['max_steps']} 歩以内に届かないニーズ",
             f"Needs whose providers are more than {g['max_steps']} ties from the hub",
             len(g["unreachable"]))
        for u in g["unreachable"]:
            parts = []
            for p in u["providers"]:
                if p["path"]:
                    parts.append(f"{p['name']} ({p['steps']} {'steps' if en else '歩'}: "
                                 + " → ".join(net.name_of(x) for x in p["path"]) + ")")
                else:
                    parts.append(f"{p['name']} ({'not connected' if en else 'つながりなし'})")
            echo(f"  - {_need(u['need'], lang)}: " + "; ".join(parts))
    head("対応機関どうしがつながっていないニーズ", "Needs whose providers never meet",
         len(g["unlinked_duplicates"]))
    for u in g["unlinked_duplicates"]:
        echo(f"  - {_need(u['need'], lang)}: " + "、".join(u["names"]))
    head("つながりのないセクターの組", "Sector pairs never linked", len(g["sector_holes"]))
    for a, b in g["sector_holes"]:
        echo(f"  - {label(SECTORS, a, lang)} × {label(SECTORS, b, lang)}")
    head("抜けると困る機関・会議体", "Critical organisations and meetings", len(g["critical"]))
    for c in g["critical"]:
        bits = []
        if c["cut_off"]:
            bits.append((f"cuts off {len(c['cut_off'])}: " if en else
                         f"{len(c['cut_off'])} か所が孤立: ")
                        + "、".join(net.name_of(x) for x in c["cut_off"][:6])
                        + ("…" if len(c["cut_off"]) > 6 else ""))
        if c["needs_lost"]:
            bits.append(("leaves uncovered: " if en else "対応者がいなくなる: ")
                        + "、".join(_need(n, lang) for n in c["needs_lost"]))
        echo(f"  - {c['name']}: " + " / ".join(bits))
    if g["ranking"]:
        head("把握件数あたりの対応機関（逼迫度順）", "Demand per provider (pressure first)",
             len(g["ranking"]))
        for r in g["ranking"]:
            per = r["cases_per_provider"]
            ratio = ("no provider" if en else "対応機関なし") if per is None else \
                f"{per:g} {'per provider' if en else '件/機関'}"
            echo(f"  - {_need(r['need'], lang)} ({r['label']}): {r['demand']} "
                 f"{'cases' if en else '件'}, {r['providers']} "
                 f"{'providers' if en else '機関'} → {ratio}")
    if "matrix" in g:
        m = g["matrix"]
        keys = list(m)
        echo("\n■ " + ("Sector mixing matrix (ties)" if en else "セクター間のつながり（本数）"))
        echo("  " + "\t".join(["", *keys]))
        for a in keys:
            echo("  " + "\t".join([a, *(str(m[a][b]) for b in keys)]))


def print_who(net: Network, r: dict[str, Any], lang: str, echo: Echo) -> None:
    """The answer to ``netmap who``: single providers, else teams with their ties."""
    en = lang == "en"
    needs = " + ".join(_need(c, lang) for c in r["needs"])
    echo(("Who can handle " if en else "") + needs + ("?" if en else " に対応できるのは？"))
    if r["uncoverable"]:
        echo(("Nobody covers: " if en else "対応機関がないニーズ: ")
             + "、".join(_need(c, lang) for c in r["uncoverable"]))
        return
    if r["single"]:
        echo("One organisation covers all:" if en else "1 機関ですべてに対応:")
        for name in r["single_names"]:
            echo(f"  - {name}")
        return
    if not r["teams"]:
        echo("No team found." if en else "対応できる組み合わせが見つかりません。")
        return
    echo("No single organisation; smallest teams, best first:" if en else
         "1 機関では対応できません。最小のチーム（連携の強い順）:")
    for i, t in enumerate(r["teams"], start=1):
        echo(f"\n{i}. " + " ＋ ".join(t["names"]) + f"  (score {t['score']:g})")
        for m, codes in t["covers"].items():
            echo(f"   {net.name_of(m)}: " + "、".join(_need(c, lang) for c in codes))
        for tie in t["ties"]:
            a, b = (net.name_of(x) for x in tie["between"])
            if tie["type"] == "path":
                echo(("   linked via: " if en else "   つながり（経由）: ")
                     + " → ".join(tie["names"]))
            elif tie["type"] == "meeting":
                echo(("   same meeting: " if en else "   同じ会議体: ") + tie["name"])
            else:
                echo(f"   {'tie' if en else 'つながり'}: {net.name_of(tie['source'])} "
                     f"→ {net.name_of(tie['target'])} ({tie['label_ja']}) "
                     f"[{tie['evidence']}]")
