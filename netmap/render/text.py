"""Readable terminal output of the analyses (Japanese by default, English with ``--lang en``).

Pure formatting: the analyses return plain data; these functions only print it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netmap.model import Network
from netmap.strings import t
from netmap.taxonomy import load_taxonomy
from netmap.vocabulary import LINK_TYPES, SECTORS, label

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
    for th in g["thin"]:
        rows.append({"kind": "thin", "subject": th["need"], "detail": ";".join(th["providers"]),
                     "evidence": ";".join(th["evidence"])})
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
    def head(key: str, n: int, **fmt: Any) -> None:
        echo(f"\n■ {t(key, lang, **fmt)} ({n})")

    echo(f"{net.graph.graph.get('prefecture', '')} {net.name} — {t('gaps.title', lang)}")
    head("gaps.uncovered", len(g["uncovered"]))
    for code in g["uncovered"]:
        echo(f"  - {_need(code, lang)} ({code})")
    head("gaps.thin", len(g["thin"]))
    for th in g["thin"]:
        dem = f" / {t('gaps.cases', lang)} {th['demand']}" if th["demand"] else ""
        echo(f"  - {_need(th['need'], lang)}: {th['names'][0]}{dem}  "
             f"[{'; '.join(th['evidence'])}]")
    if g["hub"] is None:
        echo("\n■ " + t("gaps.no_hub", lang))
    else:
        head("gaps.unreachable", len(g["unreachable"]), steps=g["max_steps"])
        for u in g["unreachable"]:
            parts = []
            for p in u["providers"]:
                if p["path"]:
                    parts.append(f"{p['name']} ({p['steps']} {t('gaps.steps', lang)}: "
                                 + " → ".join(net.name_of(x) for x in p["path"]) + ")")
                else:
                    parts.append(f"{p['name']} ({t('gaps.not_connected', lang)})")
            echo(f"  - {_need(u['need'], lang)}: " + "; ".join(parts))
    head("gaps.unlinked", len(g["unlinked_duplicates"]))
    for u in g["unlinked_duplicates"]:
        echo(f"  - {_need(u['need'], lang)}: " + "、".join(u["names"]))
    head("gaps.sector_holes", len(g["sector_holes"]))
    for a, b in g["sector_holes"]:
        echo(f"  - {label(SECTORS, a, lang)} × {label(SECTORS, b, lang)}")
    head("gaps.critical", len(g["critical"]))
    for c in g["critical"]:
        bits = []
        if c["cut_off"]:
            bits.append(t("gaps.cuts_off", lang, n=len(c["cut_off"]))
                        + "、".join(net.name_of(x) for x in c["cut_off"][:6])
                        + ("…" if len(c["cut_off"]) > 6 else ""))
        if c["needs_lost"]:
            bits.append(t("gaps.leaves_uncovered", lang)
                        + "、".join(_need(n, lang) for n in c["needs_lost"]))
        echo(f"  - {c['name']}: " + " / ".join(bits))
    if g["ranking"]:
        head("gaps.ranking", len(g["ranking"]))
        for r in g["ranking"]:
            per = r["cases_per_provider"]
            ratio = t("gaps.no_provider", lang) if per is None else \
                f"{per:g} {t('gaps.per_provider', lang)}"
            echo(f"  - {_need(r['need'], lang)} ({r['label']}): {r['demand']} "
                 f"{t('gaps.cases_unit', lang)}, {r['providers']} "
                 f"{t('gaps.providers_unit', lang)} → {ratio}")
    if "matrix" in g:
        m = g["matrix"]
        keys = list(m)
        echo("\n■ " + t("gaps.matrix", lang))
        echo("  " + "\t".join(["", *keys]))
        for a in keys:
            echo("  " + "\t".join([a, *(str(m[a][b]) for b in keys)]))


def print_who(net: Network, r: dict[str, Any], lang: str, echo: Echo) -> None:
    """The answer to ``netmap who``: single providers, else teams with their ties."""
    needs = " + ".join(_need(c, lang) for c in r["needs"])
    echo(t("who.question", lang, needs=needs))
    if r["uncoverable"]:
        echo(t("who.nobody", lang)
             + "、".join(_need(c, lang) for c in r["uncoverable"]))
        return
    if r["single"]:
        echo(t("who.single", lang))
        for name in r["single_names"]:
            echo(f"  - {name}")
        return
    if not r["teams"]:
        echo(t("who.no_team", lang))
        return
    echo(t("who.teams", lang))
    for i, team in enumerate(r["teams"], start=1):
        echo(f"\n{i}. " + " ＋ ".join(team["names"]) + f"  (score {team['score']:g})")
        for m, codes in team["covers"].items():
            echo(f"   {net.name_of(m)}: " + "、".join(_need(c, lang) for c in codes))
        for tie in team["ties"]:
            a, b = (net.name_of(x) for x in tie["between"])
            if tie["type"] == "path":
                echo(t("who.via", lang)
                     + " → ".join(tie["names"]))
            elif tie["type"] == "meeting":
                echo(t("who.same_meeting", lang) + tie["name"])
            else:
                echo(f"   {t('who.tie', lang)}: {net.name_of(tie['source'])} "
                     f"→ {net.name_of(tie['target'])} "
                     f"({label(LINK_TYPES, tie['type'], lang)}) "
                     f"[{tie['evidence']}]")
