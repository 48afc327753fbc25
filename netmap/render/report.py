"""One printable page for a 会議 handout: map, gaps, brokers, demand and sources (``netmap report``).

Why one module of ~530 lines: one printed page, its sections in reading order, each a
function of ≤ 60 lines; they share the page's escaping and its wording (the ``report.*`` keys of
:mod:`netmap.strings`), so they stay
together.

The page is a self-contained UTF-8 HTML file with no script and no outside resource: the map is
the static SVG of :func:`netmap.render.picture.render_svg` (same layout and styling rules as the
interactive map, :mod:`netmap.render.style`) inlined, and an ``@page`` stylesheet lays it out on
A4 (or A3) paper. Everything written is built with :func:`html.escape`, so a name such as
``<img src=x onerror=alert(1)>`` prints as text.

The sections answer the questions a 支援会議 asks of its network (seed 002 lines 558-570, チーム座間
built one case at a time): which needs nobody covers or only one organisation covers
(:func:`netmap.analysis.gaps.gaps`), who holds the network together
(:func:`netmap.analysis.brokers.brokers`), where the observed cases press hardest
(``demand.csv``), and where each fact comes from (every ``evidence`` value, FORMAT.md).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from netmap.analysis.brokers import referral_status
from netmap.analysis.marks import need_gap_groups
from netmap.model import NODE_TYPES, SECTORS, Network, label
from netmap.render.page import fill, template
from netmap.strings import t
from netmap.taxonomy import load_taxonomy

__all__ = ["render_report", "write_report", "sources", "PAPERS", "TOP_BROKERS"]

#: Paper sizes of the print stylesheet (``@page size``).
PAPERS = ("A4", "A3")
#: Rows of the brokers table.
TOP_BROKERS = 10
#: The figure's size in SVG units and its names' font size: the stylesheet prints the figure
#: at most 190 mm wide and 130 mm high, so one unit is min(190/1000, 130/700) = 0.186 mm and
#: a 14-unit name is 2.6 mm = 7.4 pt (≥ 7 pt, readable on paper).
FIGURE = (1000, 700)
FIGURE_LABEL = 14.0
#: Critical organisations and meetings listed (the worst first).
TOP_CRITICAL = 8

#: The dataset file each kind of row comes from (FORMAT.md), for the sources section.
_TABLE_OF = {
    "organisation": "organisations.csv",
    "program": "programs.csv",
    "meeting": "meetings.csv",
    "role": "roles.csv",
}
_FILE_REF = re.compile(r"^(?P<file>[^\s:/]+\.[A-Za-z0-9]{1,5}):(?P<where>.+)$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")

def _t(key: str, lang: str, **fmt: Any) -> str:
    """The report's words: the ``report.*`` keys of :mod:`netmap.strings`."""
    return t(f"report.{key}", lang, **fmt)


# --------------------------------------------------------------------------- sources


def sources(net: Network) -> list[dict[str, Any]]:
    """Every distinct ``evidence`` value cited by the dataset's rows, grouped by document.

    Rows are those of ``municipality.yaml`` (``evidence`` and any ``*_evidence`` field),
    ``organisations.csv``, ``programs.csv``, ``meetings.csv``, ``roles.csv``, ``links.csv`` and
    ``demand.csv`` (FORMAT.md: every row has an ``evidence`` column). ``covers`` links made from
    a ``needs`` cell repeat their row's evidence and are not counted again; the need taxonomy
    (``datasets/needs.csv``) is shared by all municipalities and is not counted.

    Returns
    -------
    list of dict
        One group per document: ``file`` (``002_042a08d9d21ad8a0.txt``; ``""`` for the URL and
        the "other" groups), ``kind`` (``"file"``, ``"url"`` or ``"other"``), ``count`` (rows
        citing it) and ``items``: ``{evidence, where, count, tables}`` per distinct value, in
        line order (``where`` is the part after ``file:``; ``tables`` the dataset files
        whose rows cite it). File groups come first, most cited first.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> groups = sources(load_dataset(repo_root() / "datasets" / "zama"))
    >>> groups[0]["file"], groups[0]["items"][0]["evidence"]
    ('002_042a08d9d21ad8a0.txt', '002_042a08d9d21ad8a0.txt:69')
    """
    cited: list[tuple[str, str]] = []  # (evidence, table)
    G = net.graph
    for key, value in G.graph.items():
        if (key == "evidence" or key.endswith("_evidence")) and value:
            cited.append((str(value), "municipality.yaml"))
    for _, d in G.nodes(data=True):
        table = _TABLE_OF.get(str(d.get("node_type")))
        if table and d.get("evidence"):
            cited.append((str(d["evidence"]), table))
    for _, _, d in G.edges(data=True):
        if d.get("evidence") and not d.get("origin"):
            cited.append((str(d["evidence"]), "links.csv"))
    for row in G.graph.get("demand", []) or []:
        if row.get("evidence"):
            cited.append((str(row["evidence"]), "demand.csv"))

    groups: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for evidence, table in cited:
        evidence = evidence.strip()
        m = _FILE_REF.match(evidence)
        group: tuple[str, str]
        if m:
            group, where = ("file", m.group("file")), m.group("where").strip()
        elif _URL.match(evidence):
            group, where = ("url", ""), evidence
        else:
            group, where = ("other", ""), evidence
        items = groups.setdefault(group, {})
        item = items.setdefault(evidence, {"evidence": evidence, "where": where, "count": 0,
                                           "tables": []})
        item["count"] += 1
        if table not in item["tables"]:
            item["tables"].append(table)
    out = []
    for (kind, file), items in groups.items():
        rows = sorted(items.values(), key=lambda r: (_line_key(r["where"]), r["where"]))
        out.append({"file": file, "kind": kind, "count": sum(r["count"] for r in rows),
                    "items": rows})
    order = {"file": 0, "url": 1, "other": 2}
    out.sort(key=lambda g: (order[g["kind"]], -g["count"], g["file"]))
    return out


def _line_key(where: str) -> tuple[int, ...]:
    """Sort key of ``566-567``-like places: their numbers (text without numbers last)."""
    nums = [int(n) for n in re.findall(r"\d+", where)]
    return tuple(nums) if nums else (1 << 60,)


# --------------------------------------------------------------------------- the page


def render_report(
    net: Network,
    lang: str = "ja",
    redact: bool = False,
    today: dt.date | None = None,
    paper: str = "A4",
    gaps: dict[str, Any] | None = None,
    brokers: list[dict[str, Any]] | None = None,
    who: Mapping[str, Any] | None = None,
) -> str:
    """Render the handout page of one network as self-contained, printable HTML.

    Parameters
    ----------
    net : Network
        The municipality's network (:func:`netmap.io.dataset.load_dataset` or the store).
    lang : {"ja", "en"}
        Language of headings, need and sector labels, and organisation names (``name_en``
        where given). Japanese by default.
    redact : bool
        Leave out contact names, phone numbers and e-mail addresses, and remove every
        occurrence of a ``contact_name`` and every phone/e-mail pattern from all other text,
        the map included (:func:`netmap.render.redact.redactor`).
    today : datetime.date, optional
        The date printed in the title (default: today), so a test or a re-run can fix it.
    paper : {"A4", "A3"}
        Paper size of the print stylesheet (portrait).
    gaps, brokers : optional
        The results of :func:`netmap.analysis.gaps.gaps` and
        :func:`netmap.analysis.brokers.brokers` when the caller has them already (the CLI
        computes them once for the map and the report); computed here only when not given.
    who : WhoResult, optional
        The answer of :func:`netmap.analysis.who.who` for a case (``netmap report --who``):
        its teams, with each member's route from the desk, are printed after the gaps.

    Returns
    -------
    str
        The HTML page: no ``<script>``, no outside resources, every text escaped.

    Raises
    ------
    ValueError
        For an unknown ``lang`` or ``paper``.

    Notes
    -----
    The map is :func:`netmap.render.picture.render_svg` with the same analysis marks as
    ``netmap map`` (uncovered and thin needs, top brokers) and seed 1, so the handout shows the
    picture the interactive map starts from.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> page = render_report(load_dataset(repo_root() / "datasets" / "zama"),
    ...                      today=dt.date(2025, 4, 1))
    >>> "座間市" in page and "2025年4月1日" in page and "<script" not in page
    True
    """
    from netmap.render.redact import redactor

    if lang not in ("ja", "en"):
        raise ValueError(f"lang must be 'ja' or 'en', not {lang!r}")
    paper = paper.upper()
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")
    today = today or dt.date.today()
    scrub: Callable[[str], str] = redactor(net.graph) if redact else (lambda s: s)

    def e(value: Any) -> str:
        """Escaped, redacted text of any value."""
        return html.escape(scrub("" if value is None else str(value)))

    g, b = _analyses(net, gaps, brokers)
    ctx = _Ctx(net, lang, redact, e)
    svg = _map_svg(net, g, b, lang, redact)

    m = net.graph.graph
    place = " ".join(str(x) for x in (m.get("prefecture"), _muni_name(net, lang)) if x)
    title = f"{place} {_t('title', lang)}".strip()
    body = [
        "<header>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(_t("made", lang))}: {e(_date(today, lang))}'
        + (f' ／ {e(_t("as_of", lang))}: {e(m.get("as_of"))}' if m.get("as_of") else "")
        + (f' ／ {e(m.get("code"))}' if m.get("code") else "")
        + f' ／ {e(_t("counts", lang))}: {e(_counts(net, lang))}</p>',
        f'<p class="meta">{e(_t("hub", lang))}: '
        + (e(ctx.name(net.hub)) if net.hub else "—") + "</p>",
        (f'<p class="redacted">{e(_t("redacted", lang))}</p>' if redact else ""),
        "</header>",
        '<section class="map">',
        f"<h2>{e(_t('map', lang))}</h2>",
        f"<figure>{svg}<figcaption>{e(_t('map_note', lang))}</figcaption></figure>",
        "</section>",
        _gaps_section(ctx, g),
        _who_section(ctx, who) if who is not None else "",
        _brokers_section(ctx, b, referral_status(net)),
        _demand_section(ctx, g, m),
        _sources_section(ctx, sources(net)),
    ]
    return fill("report.html", lang=lang, title=e(title),
                css=template("report.css").replace("{paper}", paper),
                body="\n".join(x for x in body if x))


def _analyses(net: Network, gaps: dict[str, Any] | None,
              brokers: list[dict[str, Any]] | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The given gaps and brokers results, computing only the missing ones."""
    if gaps is None:
        from netmap.analysis.gaps import gaps as find_gaps

        gaps = find_gaps(net)
    if brokers is None:
        from netmap.analysis.brokers import brokers as find_brokers

        brokers = find_brokers(net)
    return gaps, brokers


def write_report(net: Network, out: Path | str, **kw: Any) -> Path:
    """Render the page (``kw`` as for :func:`render_report`) and write it to ``out`` atomically.

    Written through the one writer (:func:`netmap.io.output.write_text`): whole or not at
    all, with the mode the umask gives, UTF-8 whatever the locale (a Windows machine would
    otherwise write cp932 under ``<meta charset="utf-8">``).
    """
    from netmap.io.output import write_text

    out = Path(out)
    text = render_report(net, **kw)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text(out, text)
    return out


# --------------------------------------------------------------------------- sections


class _Ctx:
    """What every section needs: the network, language, redaction and the escaping function."""

    def __init__(self, net: Network, lang: str, redact: bool, e: Callable[[Any], str]):
        self.net, self.lang, self.redact, self.e = net, lang, redact, e
        self.tax = load_taxonomy()

    def t(self, key: str, **fmt: Any) -> str:
        return self.e(_t(key, self.lang, **fmt))

    def need(self, code: str) -> str:
        if code in self.tax:
            return self.e(self.tax.needs[code].label(self.lang))
        node = self.net.graph.nodes.get(f"need:{code}", {})
        return self.e(node.get("label_ja") or code)

    def name(self, node: str | None) -> str:
        if node is None:
            return ""
        d = self.net.graph.nodes.get(node, {})
        if self.lang == "en" and d.get("name_en"):
            return str(d["name_en"])
        return self.net.name_of(node)

    def contact(self, node: str) -> str:
        """``name, phone, email`` of an organisation, escaped; empty when redacted."""
        if self.redact:
            return ""
        d = self.net.graph.nodes.get(node, {})
        parts = [str(d[k]) for k in ("contact_name", "phone", "email") if _present(d.get(k))]
        return self.e(", ".join(parts))

    def who(self, node: str) -> str:
        """Escaped name of an organisation with its contact in brackets when known."""
        c = self.contact(node)
        return self.e(self.name(node)) + (f'<span class="contact">（{c}）</span>' if c else "")


def _who_section(ctx: _Ctx, r: Mapping[str, Any]) -> str:
    """The best teams for the asked needs, each member with its hand-off route and evidence."""
    e = ctx.e
    needs = " + ".join(ctx.tax.label_of(c, ctx.lang) for c in r["needs"])
    out = ['<section class="who">', f"<h2>{ctx.t('who', needs=needs)}</h2>",
           f'<p class="note">{ctx.t("who_note")}</p>']
    if r["uncoverable"]:
        missing = "、".join(ctx.need(c) for c in r["uncoverable"])
        out.append(f'<p class="none">{ctx.t("who_uncoverable", needs=missing)}</p>')
        body = "body_en" if ctx.lang == "en" else "body_ja"
        out += [f'<p class="note">{ctx.t("who_unrecorded", need=ctx.need(u["need"]), body=e(u[body]))}</p>'
                for u in r.get("unrecorded", [])]
    elif not r["teams"]:
        out.append(f'<p class="none">{ctx.t("who_none")}</p>')
    out.append("<ol>")
    for team in r["teams"][:3]:
        names = " ＋ ".join(e(m["name"]) + (f"（{ctx.t('who_desk')}）" if m["desk"] else "")
                           for m in team["members"])
        out.append(f"<li><b>{names}</b> <span class=\"n\">({ctx.t('who_score')} "
                   f"{team['score']:g})</span><ul>")
        for m in team["members"]:
            covers = "、".join(ctx.need(o["need"]) + (f"（{e(o['program_name'])}）"
                                                      if o.get("program_name") else "")
                              for o in m["covers"])
            label = "label_en" if ctx.lang == "en" else "label_ja"
            hops = [e(st["target_name"]) + f' <span class="ev">[{e(st[label])}; '
                    f'{e(st["evidence"])}]</span>' for st in m["route"]]
            route = " → ".join([e(m["route"][0]["source_name"]), *hops]) if m["route"] else ""
            out.append(f"<li>{e(m['name'])}: {covers}" + (f"<br>{route}" if route else "")
                       + "</li>")
        if team.get("meeting"):
            out.append(f"<li>{ctx.t('who_meeting')}: {e(team['meeting']['name'])}</li>")
        out.append("</ul></li>")
    out.append("</ol></section>")
    return "\n".join(out)


def _gaps_section(ctx: _Ctx, g: dict[str, Any]) -> str:
    e, lang = ctx.e, ctx.lang
    out = ['<section class="gaps">', f"<h2>{ctx.t('gaps')}</h2>", '<div class="cols">']

    def block(title: str, items: list[str], css: str) -> None:
        out.append(f'<div class="gap {css}"><h3>{title} <span class="n">({len(items)})</span></h3>')
        if items:
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        else:
            out.append(f'<p class="none">{ctx.t("none")}</p>')
        out.append("</div>")

    demand = {r["need"]: r["demand"] for r in g["ranking"]}
    groups = need_gap_groups(g)  # the grouping `netmap gaps` prints, from the same result
    block(ctx.t("uncovered"), [
        f"<b>{ctx.need(c)}</b>"
        + (f' — {ctx.t("cases")} {demand[c]}' if demand.get(c) else "")
        for c in groups if groups[c] == "uncovered"], "uncovered")
    block(ctx.t("unrecorded"), [
        f"<b>{ctx.need(r['need'])}</b>: {e(r['body_ja'] if lang != 'en' else r['body_en'])}"
        f' <span class="ev">[{e(r["basis"])}]</span>'
        + (f" — {ctx.t('ask')}: " + "、".join(ctx.who(c["id"]) for c in r["candidates"])
           if r["candidates"] else "")
        for r in g.get("probably_unrecorded", [])], "unrecorded")
    block(ctx.t("thin"), [
        f"<b>{ctx.need(t['need'])}</b>: "
        + (e(t["services"][0]["name"]) + " / " if t["services"][0]["kind"] == "program" else "")
        + f"{ctx.who(t['services'][0]['operators'][0])}"
        + f" ({ctx.t('designed' if t['designed'] else 'fragile')})"
        + (f' — {ctx.t("cases")} {e(t["demand"])}' if t.get("demand") else "")
        + (f' <span class="ev">[{e("; ".join(t["evidence"]))}]</span>' if t["evidence"] else "")
        for t in g["thin"]], "thin")
    if g["hub"] is None:
        out.append(f'<div class="gap"><p class="none">{ctx.t("no_hub")}</p></div>')
    else:
        items = []
        for u in g["unreachable"]:
            parts = []
            for p in u["providers"]:
                where = (f'{e(p["steps"])} {ctx.t("steps")}' if p["path"]
                         else ctx.t("not_connected"))
                parts.append(f"{ctx.who(p['id'])} ({where})")
            items.append(f"<b>{ctx.need(u['need'])}</b>: " + "; ".join(parts))
        block(ctx.t("unreachable", n=g["max_steps"]), items, "unreachable")
    if g["unlinked_duplicates"]:
        block(ctx.t("unlinked"), [
            f"<b>{ctx.need(u['need'])}</b>: " + "、".join(e(ctx.name(p)) for p in u["providers"])
            for u in g["unlinked_duplicates"]], "unlinked")
    items = []
    for c in g["critical"][:TOP_CRITICAL]:
        bits = []
        if c["cut_off"]:
            names = "、".join(e(ctx.name(x)) for x in c["cut_off"][:5])
            rest = len(c["cut_off"]) - 5
            bits.append(ctx.t("cuts_off", n=len(c["cut_off"])) + ": " + names
                        + (f" {ctx.t('more', n=rest)}" if rest > 0 else ""))
        if c["needs_lost"]:
            bits.append(ctx.t("needs_lost") + ": " + "、".join(ctx.need(n) for n in c["needs_lost"]))
        kind = e(label(NODE_TYPES, c["node_type"], lang))
        items.append(f"<b>{e(ctx.name(c['id']))}</b> <small>{kind}</small> — " + " / ".join(bits))
    if len(g["critical"]) > TOP_CRITICAL:
        items.append(ctx.t("more", n=len(g["critical"]) - TOP_CRITICAL))
    block(ctx.t("critical"), items, "critical")
    out.append("</div></section>")
    return "\n".join(out)


def _brokers_section(ctx: _Ctx, rows: list[dict[str, Any]], status: Mapping[str, Any]) -> str:
    """Top brokers; the 仲介総数 column only when Gould–Fernandez roles are scored
    (``status``: :func:`netmap.analysis.brokers.referral_status`), else the sentence
    ``netmap brokers`` prints in its place."""
    e = ctx.e
    roles = bool(status["scored"])
    top = [r for r in rows if r["betweenness"] > 0 or (roles and r["total"] > 0)][:TOP_BROKERS]
    out = ['<section class="brokers">', f"<h2>{ctx.t('brokers')}</h2>",
           f'<p class="note">{ctx.t("brokers_note")}</p>']
    if not roles:
        out.append(f'<p class="note roles">{e(status["message_en" if ctx.lang == "en" else "message_ja"])}</p>')
    if not top:
        out.append(f'<p class="none">{ctx.t("no_brokers")}</p></section>')
        return "\n".join(out)
    heads = ["rank", "name", "sector", "betweenness", "constraint"] + (["brokerage"] if roles else [])
    if not ctx.redact:
        heads.append("contact")
    out.append('<table id="brokers"><thead><tr>'
               + "".join(f'<th class="{h}">{ctx.t(h)}</th>' for h in heads)
               + "</tr></thead><tbody>")
    for i, r in enumerate(top, start=1):
        cells = [
            f'<td class="num">{i}</td>',
            f"<td>{e(ctx.name(r['id']))}" + (" ★" if r.get("hub") else "") + "</td>",
            f"<td>{e(label(SECTORS, r['sector'] or 'other', ctx.lang))}</td>",
            f'<td class="num">{r["betweenness"]:.3f}</td>',
            f'<td class="num">{_fmt3(r["constraint"])}</td>',
        ] + ([f'<td class="num">{e(r["total"])}</td>'] if roles else [])
        if not ctx.redact:
            cells.append(f'<td class="contact">{ctx.contact(r["id"])}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _demand_section(ctx: _Ctx, g: dict[str, Any], m: dict[str, Any]) -> str:
    e = ctx.e
    out = ['<section class="demand">', f"<h2>{ctx.t('demand')}</h2>"]
    if not g["ranking"]:
        out.append(f'<p class="none">{ctx.t("no_demand")}</p></section>')
        return "\n".join(out)
    periods = sorted({str(r.get("period")) for r in m.get("demand", []) if r.get("period")})
    out.append(f'<p class="note">{ctx.t("demand_note")}'
               + (f' {ctx.t("period")}: {e("、".join(periods))}' if periods else "") + "</p>")
    heads = ["need", "source_label", "cases", "cases_all", "providers", "per_provider"]
    period = g.get("demand_period") or {}
    if period.get("differs"):
        out.append(f'<p class="note">{e(period["note_en" if ctx.lang == "en" else "note_ja"])}</p>')
    out.append('<table id="demand"><thead><tr>'
               + "".join(f'<th class="{h}">{ctx.t(h)}</th>' for h in heads)
               + "</tr></thead><tbody>")
    for r in g["ranking"]:
        per = r["cases_per_service"]
        ratio = ctx.t("no_provider") if per is None else f"{per:g}"
        css = ' class="pressed"' if per is None else ""
        note = r.get("note_en" if ctx.lang == "en" else "note_ja")
        out.append(f"<tr{css}><td>{ctx.need(r['need'])}"
                   + (f' <small class="incl">({e(note)})</small>' if note else "")
                   + f"</td><td>{e(r['label'])}</td>"
                   f'<td class="num">{e(r["demand"])}</td>'
                   f'<td class="num">{e(r["demand_with_children"])}</td>'
                   f'<td class="num">{e(r["services"])}</td>'
                   f'<td class="num">{ratio}</td></tr>')
    out.append("</tbody></table></section>")
    return "\n".join(out)


def _sources_section(ctx: _Ctx, groups: list[dict[str, Any]]) -> str:
    e = ctx.e
    out = ['<section class="sources">', f"<h2>{ctx.t('sources')}</h2>",
           f'<p class="note">{ctx.t("sources_note")}</p>', '<ul class="sources">']
    for grp in groups:
        if grp["kind"] == "file":
            head = e(grp["file"])
        else:
            head = ctx.t("urls" if grp["kind"] == "url" else "other")
        places = ", ".join(f"{e(i['where'])}" + (f"&nbsp;×{i['count']}" if i["count"] > 1 else "")
                           for i in grp["items"])
        out.append(f'<li><span class="file">{head}:</span> {places} '
                   f'<span class="n">({grp["count"]} {ctx.t("rows")})</span></li>')
    out.append("</ul></section>")
    return "\n".join(out)


# --------------------------------------------------------------------------- helpers


def _map_svg(net: Network, g: dict[str, Any], b: list[dict[str, Any]], lang: str,
             redact: bool) -> str:
    """The map as inline SVG: :func:`netmap.render.picture.render_svg` with the gap and broker
    marks, without the XML namespace declaration (HTML puts ``<svg>`` in it by itself, and the
    page then holds no ``http://`` outside its text)."""
    from netmap.analysis.marks import marks
    from netmap.render.picture import render_svg

    svg = render_svg(net, width=FIGURE[0], height=FIGURE[1], analysis=marks(g, b), lang=lang,
                     redact=redact, seed=1, label_px=FIGURE_LABEL)
    svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)
    return re.sub(r"^<svg ", '<svg role="img" class="netmap" ', svg.strip(), count=1)


def _muni_name(net: Network, lang: str) -> str:
    m = net.graph.graph
    return str(m.get("name_en") or net.name) if lang == "en" else net.name


def _date(day: dt.date, lang: str) -> str:
    return day.isoformat() if lang == "en" else f"{day.year}年{day.month}月{day.day}日"


def _counts(net: Network, lang: str) -> str:
    """The named counts (:func:`netmap.render.counts.counts`), the same words as the map."""
    from netmap.render.counts import counts

    sep = "、" if lang == "ja" else ", "
    return sep.join(f"{c['label']} {c['value']}" for c in counts(net, lang))


def _fmt3(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() not in ("", "nan")
