"""Readable terminal output of the analyses (Japanese by default, English with ``--lang en``).

Why one module of ~420 lines: every terminal report (show, gaps, brokers, who, stale, compare,
diff) formats through the same table and CSV printers here; each report is its own function.

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
from typing import TYPE_CHECKING, Any

from netmap.io.csvfile import guard
from netmap.model import Network
from netmap.strings import t
from netmap.taxonomy import load_taxonomy
from netmap.vocabulary import LINK_TYPES, MEETING_PURPOSES, NODE_TYPES, SECTORS, label

if TYPE_CHECKING:
    from netmap.analysis.summary import Summary

__all__ = ["print_show", "print_gaps", "print_who", "print_diff", "gap_rows", "broker_table",
           "stale_table", "compare_rows", "compare_tables", "table_lines", "csv_text"]

Echo = Callable[[str], None]
Rows = list[dict[str, Any]]


# -- tables -------------------------------------------------------------------------------------
def cell(value: Any) -> str:
    """One value as table/CSV text: floats to 3 decimals, lists joined with ``; ``, booleans
    ``true``/``false`` as the dataset CSVs write them (docs/FORMAT.md ``hub``).

    >>> cell(0.5), cell(None), cell(["a", 1]), cell(True), cell(False)
    ('0.500', '', 'a; 1', 'true', 'false')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
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
    w.writerow([guard(k) for k in keys])
    for r in rows:
        w.writerow([guard(cell(r.get(k))) for k in keys])
    return buf.getvalue()


# -- show ---------------------------------------------------------------------------------------
def print_show(data: Summary, lang: str, echo: Echo) -> None:
    """The summary of ``netmap show``: counts, sectors, hub, providers of each need, demand."""
    tax = load_taxonomy()
    m = data["municipality"]
    echo(f"{m.get('prefecture', '')} {m.get('name', '')} ({m.get('code', '')})")
    echo(t("show.nodes", lang) + ", ".join(
        f"{label(NODE_TYPES, k, lang)} {v}" for k, v in data["counts"]["nodes"].items()))
    echo(t("show.links", lang) + ", ".join(
        f"{label(LINK_TYPES, k, lang)} {v}" for k, v in data["counts"]["links"].items()))
    echo(t("show.sectors", lang) + ", ".join(
        f"{label(SECTORS, k, lang)} {v}" for k, v in data["sectors"].items()))
    hub = data["hub"]
    echo(t("show.hub", lang) + (hub["name"] if hub else "—"))
    echo(t("show.needs", lang))
    for code, provs in data["needs"].items():
        need_label = tax.label_of(code, lang)
        names = "、".join(p["name"] for p in provs) or t("show.none", lang)
        echo(f"  {need_label}: {names}")
    if data["demand"]:
        echo(t("show.demand", lang))
        for row in data["demand"]:
            echo(f"  {row.get('label') or row['need']}: {row['count']}")


# -- brokers, stale -----------------------------------------------------------------------------
_ROLE_COLUMNS = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total",
                 "total_z")
_BROKER_COLUMNS = ("name", "sector", "degree", "betweenness", "constraint", "effective_size",
                   "coordinator", "itinerant", "representative", "gatekeeper", "liaison",
                   "total", "total_z", "rank_range", "uncertain")


def broker_table(rows: Sequence[Mapping[str, Any]], lang: str,
                 roles: bool = True) -> tuple[Rows, dict[str, str]]:
    """The rows of ``netmap brokers`` for the table: sector labels, and the column titles.

    ``roles=False`` (too few referral links to score Gould–Fernandez roles) leaves the role
    columns out, so no count is shown that the note above the table says means nothing.
    """
    out = [{**r, "sector": label(SECTORS, r["sector"], lang),
            "rank_range": f"{r['rank_min']}–{r['rank_max']}" if "rank_min" in r else "",
            "uncertain": t("brokers.uncertain", lang) if r.get("uncertain") else ""}
           for r in rows]
    keys = [k for k in _BROKER_COLUMNS if roles or k not in _ROLE_COLUMNS]
    return out, {k: t(f"brokers.col.{k}", lang) for k in keys}


_STALE_COLUMNS = ("table", "id", "name", "assured_date", "age_days", "reason")
_REASONS = ("missing", "old")


def stale_table(rows: Sequence[Mapping[str, Any]], lang: str,
                table: bool) -> tuple[Rows, dict[str, str]]:
    """The rows of ``netmap stale`` and the column titles; Japanese reasons in a ja table."""
    out = [dict(r) for r in rows]
    if table and lang != "en":
        out = [{**r, "reason": t(f"stale.reason.{r['reason']}", lang)
                if r["reason"] in _REASONS else r["reason"]} for r in out]
    return out, {k: t(f"stale.col.{k}", lang) for k in _STALE_COLUMNS}


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
    headers = {"name": t("compare.municipality", lang),
               "population": t("compare.population", lang),
               **{k: v[li] for k, v in SCORE_LABELS.items()}}
    matrix = [{"name": m["name"] or m["slug"], **m["providers"]} for m in data["municipalities"]]
    need_headers = {"name": headers["name"],
                    **{c: data["need_labels"][c][li] for c in data["needs"]}}
    return [(compare_rows(data, needs=False), headers), (matrix, need_headers)]


def print_diff(data: Mapping[str, Any], lang: str, echo: Echo) -> None:
    """What changed between two snapshots (``netmap diff``), one section per kind of change."""
    o, n = data["old"], data["new"]
    echo(f"{o['name'] or o['slug']} → {n['name'] or n['slug']}")

    def section(key: str, items: list[str]) -> None:
        echo(f"{t(key, lang)} ({len(items)})")
        for line in items:
            echo(f"  {line}")

    section("diff.joined", [f"+ {r['id']} {r['name']} ({r['node_type']})"
                            for r in data["joined"]])
    section("diff.left", [f"- {r['id']} {r['name']} ({r['node_type']})"
                          for r in data["left"]])
    section("diff.changed", [
        f"~ {r['id']} {r['name']}: " + ", ".join(f"{k} {v[0]!r} → {v[1]!r}"
                                               for k, v in r["changes"].items())
        for r in data["changed"]])
    for key, sign in (("ties_added", "+"), ("ties_lost", "-")):
        lines = []
        for ltype, links in data[key].items():
            for r in links:
                lines.append(f"{sign} [{label(LINK_TYPES, ltype, lang)}] {r['source_name']}"
                             f" → {r['target_name']}")
        section(f"diff.{key}", lines)
    for key in ("gaps_closed", "gaps_opened"):
        section(f"diff.{key}", [f"{kind}: {', '.join(items)}"
                                for kind, items in data[key].items() if items])


# -- gaps, who ----------------------------------------------------------------------------------


def _need(code: str, lang: str) -> str:
    return load_taxonomy().label_of(code, lang)


def gap_rows(net: Network, g: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per gap, for ``--csv``: ``kind``, ``subject``, ``detail``, ``evidence``."""
    rows: list[dict[str, Any]] = []
    for code in g["uncovered"]:
        rows.append({"kind": "uncovered", "subject": code, "detail": "", "evidence": ""})
    for r in g.get("probably_unrecorded", []):
        rows.append({"kind": "probably_unrecorded", "subject": r["need"],
                     "detail": ";".join(c["id"] for c in r["candidates"]),
                     "evidence": f"{r['basis']}: {r['evidence']}"})
    for th in g["thin"]:
        rows.append({"kind": "thin", "subject": th["need"], "detail": ";".join(th["providers"]),
                     "evidence": ";".join(th["evidence"])})
    for u in g["unreachable"]:
        rows.append({"kind": "unreachable", "subject": u["need"],
                     "detail": ";".join(p["id"] for p in u["providers"]), "evidence": ""})
    for u in g["unlinked_duplicates"]:
        rows.append({"kind": "unlinked_duplicates", "subject": u["need"],
                     "detail": ";".join(u["providers"]), "evidence": ""})
    for h in g["sector_hole_tests"]["holes"]:
        a, b = h["pair"]
        rows.append({"kind": "sector_hole", "subject": f"{a}|{b}",
                     "detail": f"expected={h['expected']};z={h['z']};p_untied={h['p_untied']}",
                     "evidence": ""})
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
    head("gaps.unrecorded", len(g["probably_unrecorded"]))
    for r in g["probably_unrecorded"]:
        body = r["body_en"] if lang == "en" else r["body_ja"]
        ask = "、".join(net.display_name(c["id"], lang) for c in r["candidates"])
        echo(f"  - {_need(r['need'], lang)}: {body} ({r['basis']})"
             + (f" — {t('gaps.ask', lang)}: {ask}" if ask else ""))
    head("gaps.thin", len(g["thin"]))
    for th in g["thin"]:
        dem = f" / {t('gaps.cases', lang)} {th['demand']}" if th["demand"] else ""
        svc = th["services"][0]
        kind = t("gaps.designed" if th["designed"] else "gaps.fragile", lang)
        echo(f"  - {_need(th['need'], lang)}: {net.display_name(svc['id'], lang)}{dem} ({kind})  "
             f"[{'; '.join(th['evidence'])}]")
    _print_reach(net, g, lang, echo, head)
    tests = g["sector_hole_tests"]
    head("gaps.sector_holes", len(tests["holes"]))
    echo("  " + t("gaps.hole_baseline", lang, n=len(tests["untied"]), e=tests["expected_untied"]))
    for h in tests["holes"]:
        a, b = h["pair"]
        echo(f"  - {label(SECTORS, a, lang)} × {label(SECTORS, b, lang)}: "
             + t("gaps.hole_detail", lang, expected=h["expected"], z=h["z"], p=h["p_untied"]))
    head("gaps.critical", len(g["critical"]))
    for c in g["critical"]:
        echo(f"  - {net.display_name(c['id'], lang)}: " + " / ".join(_critical_bits(net, c, lang)))
    _print_demand(g, lang, echo, head)
    if "matrix" in g:
        m = g["matrix"]
        keys = list(m)
        echo("\n■ " + t("gaps.matrix", lang))
        echo("  " + "\t".join(["", *keys]))
        for a in keys:
            echo("  " + "\t".join([a, *(str(m[a][b]) for b in keys)]))


def _print_reach(net: Network, g: dict[str, Any], lang: str, echo: Echo,
                 head: Callable[..., None]) -> None:
    """Needs out of the hub's reach, and needs whose providers never meet."""
    if g["hub"] is None:
        echo("\n■ " + t("gaps.no_hub", lang))
    else:
        head("gaps.unreachable", len(g["unreachable"]), steps=g["max_steps"])
        for u in g["unreachable"]:
            parts = []
            for p in u["providers"]:
                if p["path"]:
                    parts.append(f"{net.display_name(p['id'], lang)} ({p['steps']} "
                                 f"{t('gaps.steps', lang)}: "
                                 + " → ".join(net.display_name(x, lang) for x in p["path"]) + ")")
                else:
                    parts.append(f"{net.display_name(p['id'], lang)} "
                                 f"({t('gaps.not_connected', lang)})")
            echo(f"  - {_need(u['need'], lang)}: " + "; ".join(parts))
    head("gaps.unlinked", len(g["unlinked_duplicates"]))
    for u in g["unlinked_duplicates"]:
        echo(f"  - {_need(u['need'], lang)}: "
             + "、".join(net.display_name(x, lang) for x in u["providers"]))


def _critical_bits(net: Network, c: Mapping[str, Any], lang: str) -> list[str]:
    """What losing one organisation or meeting does, as short phrases."""
    bits = []
    if c.get("hub") and not c["components_after"]:  # nothing tied to the hub was recorded
        bits.append(t("gaps.hub_alone", lang, before=c["needs_reachable_before"]))
    elif c.get("hub"):
        bits.append(t("gaps.hub_loss", lang, pieces=c["components_after"],
                      after=c["demand_reachable_after"] if c["demand_reachable_after"]
                      is not None else c["needs_reachable_after"],
                      before=c["demand_reachable_before"] if c["demand_reachable_before"]
                      is not None else c["needs_reachable_before"]))
    elif c.get("demand_reachable_before") is not None and \
            c["demand_reachable_after"] != c["demand_reachable_before"]:
        bits.append(t("gaps.coverage_left", lang, before=c["demand_reachable_before"],
                      after=c["demand_reachable_after"]))
    if c.get("uncertain"):
        bits.append(t("gaps.uncertain", lang, lo=c["rank_min"], hi=c["rank_max"]))
    if c["cut_off"]:
        bits.append(t("gaps.cuts_off", lang, n=len(c["cut_off"]))
                    + "、".join(net.display_name(x, lang) for x in c["cut_off"][:6])
                    + ("…" if len(c["cut_off"]) > 6 else ""))
    if c["needs_lost"]:
        bits.append(t("gaps.leaves_uncovered", lang)
                    + "、".join(_need(n, lang) for n in c["needs_lost"]))
    return bits


def _print_demand(g: dict[str, Any], lang: str, echo: Echo, head: Callable[..., None]) -> None:
    """Cases per service, child needs rolled up, with the period note."""
    if not g["ranking"]:
        return
    head("gaps.ranking", len(g["ranking"]))
    period = g.get("demand_period") or {}
    if period.get("differs"):
        echo("  " + period["note_en" if lang == "en" else "note_ja"])
    for r in g["ranking"]:
        per = r["cases_per_service"]
        ratio = t("gaps.no_provider", lang) if per is None else \
            f"{per:g} {t('gaps.per_service', lang)}"
        note = r.get("note_en" if lang == "en" else "note_ja")
        echo(f"  - {_need(r['need'], lang)} ({r['label']})" + (f" ({note})" if note else "")
             + f": {r['demand_with_children']} "
             f"{t('gaps.cases_unit', lang)}, {r['services']} "
             f"{t('gaps.service_unit' if r['services'] == 1 else 'gaps.services_unit', lang)}"
             f" → {ratio}")


def _offer_text(o: Mapping[str, Any], lang: str) -> str:
    """``経済的困窮（債務: 家計改善支援事業）``: the asked need, and how it is taken."""
    how = [_need(o["via_need"], lang)] if o["via_need"] != o["need"] else []
    how += [o["program_name"]] if o["program_name"] else []
    return _need(o["need"], lang) + (_paren(": ".join(how), lang) if how else "")


def _paren(text: str, lang: str) -> str:
    """``text`` in brackets: full-width in Japanese, `` (…)`` in English."""
    return f" ({text})" if lang == "en" else f"（{text}）"


def print_who(r: Mapping[str, Any], lang: str, echo: Echo, route: bool = False,
              name: Callable[[str, str], str] | None = None) -> None:
    """The answer to ``netmap who``: how the needs were read, then the best teams, each member
    with the needs it takes (and through which 事業), its hand-off strength and, with
    ``route``, the chain of hand-offs from the desk with each tie's evidence. ``name(id,
    given)`` gives the name to print (``name_en`` in English, :meth:`Network.display_name`);
    by default the answer's own names."""
    en = lang == "en"
    nm = name or (lambda _id, given: given)
    echo(t("who.question", lang, needs=" + ".join(_need(c, lang) for c in r["needs"])))
    read = [f"「{w['text']}」→ " + "・".join(_need(c, lang) for c in w["needs"])
            for rd in r["reading"] for w in rd["read"]]
    echo("  " + t("who.read", lang) + ("; " if en else "、").join(read))
    unread = [f"「{w['text']}」" + (f" ({t('who.did_you_mean', lang)} {_need(w['suggestion'], lang)}?)"
                                   if w["suggestion"] else "")
              for rd in r["reading"] for w in rd["unread"]]
    if unread:
        echo("  " + t("who.unread", lang) + " ".join(unread))
    echo("  " + (t("who.start", lang) + nm(r["start"], r["start_name"]) if r["start"]
                 else t("who.no_start", lang)))
    if r["area"]:
        echo("  " + t("who.area", lang) + r["area"])
    if r["uncoverable"]:
        echo(t("who.nobody", lang) + "、".join(_need(c, lang) for c in r["uncoverable"]))
        for u in r.get("unrecorded", []):
            echo("  " + t("who.unrecorded", lang, need=_need(u["need"], lang),
                          body=u["body_en" if en else "body_ja"], basis=u["basis"]))
    if not r["teams"]:
        if len(r["uncoverable"]) < len(r["needs"]):
            echo(t("who.no_team", lang))
        return
    if r.get("partial"):
        echo("  " + t("who.partial", lang, needs="、".join(_need(c, lang)
                                                         for c in r["uncoverable"])))
    echo("\n" + t("who.single" if r["teams"][0]["size"] == 1 else "who.teams", lang))
    multi = [team for team in r["teams"] if team["size"] > 1]
    some_meet = any(team["meeting"] for team in multi)
    for i, team in enumerate(r["teams"], start=1):
        _print_team(i, team, lang, echo, route, some_meet, nm)
    if multi and not some_meet:  # once, not under every team
        echo("\n" + t("who.no_meeting_any", lang))


def _print_team(i: int, team: Mapping[str, Any], lang: str, echo: Echo, route: bool,
                say_no_meeting: bool, nm: Callable[[str, str], str]) -> None:
    """One team of a ``who`` answer: members, what each takes, hand-off (and route), and the
    meeting that gathers them (「会議体なし」 only when ``say_no_meeting``: some other team
    has one, so its absence here tells something)."""
    en = lang == "en"
    desk = t("who.desk_mark", lang)
    names = [nm(m["id"], m["name"]) + (desk if m["desk"] else "") for m in team["members"]]
    echo(f"\n{i}. " + " ＋ ".join(names) + f"  ({t('who.score', lang)} {team['score']:g})")
    for m in team["members"]:
        took = "、".join(_offer_text(o, lang) for o in m["covers"])
        reach = (t("who.this_desk", lang) if m["desk"] else
                 f"{t('who.handoff', lang)} {m['handoff']:g}" if m["handoff"] > 0 else
                 t("who.unreachable", lang))
        echo(f"   - {nm(m['id'], m['name'])}: {took}  {reach}")
        if route:
            for s in m["route"]:
                tie = s["label_en" if en else "label_ja"] + (
                    f"「{s['meeting_name']}」" if s["meeting_name"] else "")
                echo(f"       {nm(s['source'], s['source_name'])} → "
                     f"{nm(s['target'], s['target_name'])}  {tie} "
                     f"{s['weight']:g}" + (f"  [{s['evidence']}]" if s["evidence"] else ""))
    mt = team["meeting"]
    if mt is None:
        if team["size"] > 1 and say_no_meeting:
            echo("   " + t("who.no_meeting", lang))
        return
    absent = (f"  {t('who.absent', lang)}" + "、".join(mt["absent"])) if mt["absent"] else ""
    echo("   " + t("who.meeting", lang) + mt["name"]
         + _paren(label(MEETING_PURPOSES, mt["purpose"], lang), lang) + absent)
