"""Readable terminal output of the analyses (Japanese by default, English with ``--lang en``).

Pure formatting: the analyses return plain data; these functions only turn it into lines
(``echo`` is :func:`click.echo` in the CLI, ``print`` or ``list.append`` elsewhere) or into
rows and column titles for a table. ``netmap show``, ``gaps``, ``brokers``, ``who``,
``stale``, ``compare`` and ``diff`` print through here; nothing here computes a measure.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from netmap.model import LINK_TYPES, NODE_TYPES, SECTORS, Network, label
from netmap.taxonomy import load_taxonomy

__all__ = ["print_show", "print_gaps", "print_who", "print_diff", "gap_rows", "broker_table",
           "stale_table", "compare_rows", "compare_tables", "table_lines", "csv_text"]

Echo = Callable[[str], None]
Rows = list[dict[str, Any]]


# -- tables -------------------------------------------------------------------------------------
def cell(value: Any) -> str:
    """One value as table/CSV text: floats to 3 decimals, lists joined with ``; ``.

    >>> cell(0.5), cell(None), cell(["a", 1])
    ('0.500', '', 'a; 1')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    return str(value)


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide and full-width characters take 2.

    >>> width("座間a")
    5
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _keys(rows: Sequence[Mapping[str, Any]], headers: Mapping[str, str] | None) -> list[str]:
    return list(headers or (rows[0].keys() if rows else []))


def table_lines(rows: Sequence[Mapping[str, Any]],
                headers: Mapping[str, str] | None = None) -> list[str]:
    """An aligned table: a title line, a rule, one line per row (wide characters count 2).

    ``headers`` maps the keys to print, in order, to their column titles; without it every
    key of the first row is printed under its own name.

    >>> for line in table_lines([{"name": "社協", "n": 3}], {"name": "機関", "n": "数"}):
    ...     print(line)
    機関  数
    ----  --
    社協  3
    """
    keys = _keys(rows, headers)
    names = [(headers or {}).get(k, k) for k in keys]
    table = [names] + [[cell(r.get(k)) for k in keys] for r in rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(keys))]
    lines = []
    for j, row in enumerate(table):
        lines.append("  ".join(c + " " * (w - width(c))
                               for c, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def csv_text(rows: Sequence[Mapping[str, Any]], headers: Mapping[str, str] | None = None) -> str:
    """Rows as CSV text with the keys (not the titles) as header, ``\\n`` line ends.

    >>> csv_text([{"id": "a", "n": 1.0}])
    'id,n\\na,1.000\\n'
    """
    keys = _keys(rows, headers)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(keys)
    for r in rows:
        w.writerow([cell(r.get(k)) for k in keys])
    return buf.getvalue()


# -- show ---------------------------------------------------------------------------------------
def print_show(data: Mapping[str, Any], lang: str, echo: Echo) -> None:
    """The summary of ``netmap show``: counts, sectors, hub, providers of each need, demand."""
    tax = load_taxonomy()
    m = data["municipality"]
    en = lang == "en"
    echo(f"{m.get('prefecture', '')} {m.get('name', '')} ({m.get('code', '')})")
    echo(("Nodes: " if en else "ノード: ") + ", ".join(
        f"{label(NODE_TYPES, k, lang)} {v}" for k, v in data["counts"]["nodes"].items()))
    echo(("Links: " if en else "リンク: ") + ", ".join(
        f"{k} {v}" for k, v in data["counts"]["links"].items()))
    echo(("Sectors: " if en else "セクター: ") + ", ".join(
        f"{label(SECTORS, k, lang)} {v}" for k, v in data["sectors"].items()))
    hub = data["hub"]
    echo(("Hub: " if en else "司令塔（自立相談支援機関）: ") + (hub["name"] if hub else "—"))
    echo("Needs and providers:" if en else "ニーズと対応機関:")
    for code, provs in data["needs"].items():
        need_label = tax.needs[code].label(lang) if code in tax else code
        names = "、".join(p["name"] for p in provs) or ("(none)" if en else "（なし）")
        echo(f"  {need_label}: {names}")
    if data["demand"]:
        echo("Demand:" if en else "把握されたニーズ件数:")
        for row in data["demand"]:
            echo(f"  {row.get('label') or row['need']}: {row['count']}")


# -- brokers, stale -----------------------------------------------------------------------------
_BROKER_HEADERS = {  # key: (ja, en)
    "name": ("機関・団体", "Organisation"), "sector": ("セクター", "Sector"),
    "degree": ("つながり数", "Ties"), "betweenness": ("媒介中心性", "Betweenness"),
    "constraint": ("制約度", "Constraint"), "effective_size": ("実効規模", "Eff. size"),
    "coordinator": ("coord", "coord"), "itinerant": ("itin", "itin"),
    "representative": ("repr", "repr"), "gatekeeper": ("gate", "gate"),
    "liaison": ("liais", "liais"), "total": ("total", "total"), "total_z": ("total_z", "total_z"),
}


def broker_table(rows: Sequence[Mapping[str, Any]], lang: str) -> tuple[Rows, dict[str, str]]:
    """The rows of ``netmap brokers`` for the table: sector labels, and the column titles."""
    li = 1 if lang == "en" else 0
    out = [{**r, "sector": label(SECTORS, r["sector"], lang)} for r in rows]
    return out, {k: v[li] for k, v in _BROKER_HEADERS.items()}


_STALE_HEADERS = {"table": ("表", "table"), "id": ("ID", "id"), "name": ("名称", "name"),
                  "assured_date": ("確認日", "assured date"),
                  "age_days": ("経過日数", "age (days)"), "reason": ("理由", "reason")}
_REASONS = {"missing": "確認日なし", "old": "古い"}


def stale_table(rows: Sequence[Mapping[str, Any]], lang: str,
                table: bool) -> tuple[Rows, dict[str, str]]:
    """The rows of ``netmap stale`` and the column titles; Japanese reasons in a ja table."""
    li = 1 if lang == "en" else 0
    out = [dict(r) for r in rows]
    if table and not li:
        out = [{**r, "reason": _REASONS.get(r["reason"], r["reason"])} for r in out]
    return out, {k: v[li] for k, v in _STALE_HEADERS.items()}


# -- compare, diff ------------------------------------------------------------------------------
def compare_rows(data: Mapping[str, Any], needs: bool) -> Rows:
    """One row per municipality: slug, code, name, population, the scores, and (``needs``)
    the number of providers of each need as ``need:CODE`` columns (the CSV of compare)."""
    rows = []
    for m in data["municipalities"]:
        row = {"slug": m["slug"], "code": m["code"], "name": m["name"],
               "population": m["population"], **m["scores"]}
        if needs:
            row.update({f"need:{c}": k for c, k in m["providers"].items()})
        rows.append(row)
    return rows


def compare_tables(data: Mapping[str, Any], lang: str) -> list[tuple[Rows, dict[str, str]]]:
    """The two tables of ``netmap compare``: scores side by side, then providers per need."""
    from netmap.analysis.compare import SCORE_LABELS

    li = 1 if lang == "en" else 0
    headers = {"name": "Municipality" if li else "自治体",
               "population": "Population" if li else "人口",
               **{k: v[li] for k, v in SCORE_LABELS.items()}}
    matrix = [{"name": m["name"] or m["slug"], **m["providers"]} for m in data["municipalities"]]
    need_headers = {"name": headers["name"],
                    **{c: data["need_labels"][c][li] for c in data["needs"]}}
    return [(compare_rows(data, needs=False), headers), (matrix, need_headers)]


def print_diff(data: Mapping[str, Any], lang: str, echo: Echo) -> None:
    """What changed between two snapshots (``netmap diff``), one section per kind of change."""
    en = lang == "en"
    o, n = data["old"], data["new"]
    echo(f"{o['name'] or o['slug']} → {n['name'] or n['slug']}")

    def section(title_ja: str, title_en: str, items: list[str]) -> None:
        echo(f"{title_en if en else title_ja} ({len(items)})")
        for line in items:
            echo(f"  {line}")

    section("加わった", "Joined", [f"+ {r['id']} {r['name']} ({r['node_type']})"
                                for r in data["joined"]])
    section("抜けた", "Left", [f"- {r['id']} {r['name']} ({r['node_type']})"
                             for r in data["left"]])
    section("変わった", "Changed", [
        f"~ {r['id']} {r['name']}: " + ", ".join(f"{k} {v[0]!r} → {v[1]!r}"
                                               for k, v in r["changes"].items())
        for r in data["changed"]])
    for key, sign, ja, en_title in (("ties_added", "+", "新しいつながり", "New ties"),
                                    ("ties_lost", "-", "失われたつながり", "Lost ties")):
        lines = []
        for t, links in data[key].items():
            lt = LINK_TYPES[t]
            for r in links:
                lines.append(f"{sign} [{lt.label_en if en else lt.label_ja}] {r['source_name']}"
                             f" → {r['target_name']}")
        section(ja, en_title, lines)
    for key, ja, en_title in (("gaps_closed", "解消したすき間", "Gaps closed"),
                              ("gaps_opened", "新たなすき間", "Gaps opened")):
        section(ja, en_title, [f"{kind}: {', '.join(items)}"
                               for kind, items in data[key].items() if items])


# -- gaps, who ----------------------------------------------------------------------------------


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
