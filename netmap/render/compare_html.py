"""The comparison as one offline HTML page: a heat map of municipalities × needs and the
network scores side by side.

Plain HTML and CSS, no script and no external resource, so the file opens from a USB stick
on a locked-down office PC. The scale runs from orange (dark: a need nobody covers; light: a
single provider) to blue (darker with more providers), ColorBrewer's PuOr/RdBu ends (Brewer
2003); each step stays ≥ 10 ΔE00 from the next under simulated protanopia, deuteranopia and
tritanopia (tests/test_map_unit.py), where a red→green scale collapses for deuteranopes. The
page is built from ``templates/compare.html`` by the one loader, :mod:`netmap.render.page`.
"""

from __future__ import annotations

from html import escape
from typing import Any

from netmap.analysis.compare import SCORE_LABELS
from netmap.render.page import fill, template
from netmap.strings import t

__all__ = ["render_compare_html", "cell_colour", "SCALE"]

#: (smallest number of providers, background, text colour, Japanese, English) — the scale.
#: (lowest number of providers, background, text colour, key of the label in netmap.strings)
SCALE: tuple[tuple[int, str, str, str], ...] = (
    (0, "#b35806", "#ffffff", "compare.scale_0"),
    (1, "#f1a340", "#000000", "compare.scale_1"),
    (2, "#e3eef8", "#000000", "compare.scale_2"),
    (3, "#92c5de", "#000000", "compare.scale_3"),
    (5, "#4393c3", "#ffffff", "compare.scale_5"),
    (10, "#2166ac", "#ffffff", "compare.scale_10"),
)

def cell_colour(providers: int) -> tuple[str, str]:
    """Background and text colour of a heat-map cell for a number of providers.

    >>> cell_colour(0), cell_colour(4), cell_colour(12)
    (('#b35806', '#ffffff'), ('#92c5de', '#000000'), ('#2166ac', '#ffffff'))
    """
    bg, fg = SCALE[0][1], SCALE[0][2]
    for low, b, f, _ in SCALE:
        if providers >= low:
            bg, fg = b, f
    return bg, fg


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def render_compare_html(data: dict[str, Any], lang: str = "ja",
                        title: str | None = None) -> str:
    """The page for a :func:`netmap.analysis.compare.compare` result, as a string.

    Every text from the datasets is HTML-escaped. Each cell shows the number of providers;
    its tooltip gives the need, the providers per 10,000 people and the municipality.

    Examples
    --------
    >>> page = render_compare_html({"needs": ["debt"], "need_labels": {"debt": ["債務", "Debt"]},
    ...     "broker_threshold": 0.05, "municipalities": [{"slug": "x", "code": "", "name":
    ...     "<b>X</b>", "prefecture": "", "population": None, "synthetic": False,
    ...     "providers": {"debt": 0}, "per_10k": {"debt": None}, "scores": {}}]})
    >>> "&lt;b&gt;X&lt;/b&gt;" in page and "<script" not in page
    True
    """
    munis = data["municipalities"]
    title = title or t("compare.title", lang)
    out = [f"<h1>{escape(title)}</h1>\n"]
    synthetic = sum(1 for m in munis if m.get("synthetic"))
    out.append(f'<p class="note">{len(munis)} ' + t("compare.municipalities", lang) + " × "
               + f"{len(data['needs'])} " + t("compare.cells", lang)
               + (f" {synthetic} " + t("compare.synthetic", lang) if synthetic else "")
               + "</p>\n")
    out.append('<p class="legend">')
    for _, bg, fg, key in SCALE:
        out.append(f'<span style="background:{bg};color:{fg}">{escape(t(key, lang))}</span>')
    out.append("</p>\n")
    out += _coverage_table(data, lang)
    out += _scores_table(data, lang)
    thr = data.get("broker_threshold")
    out.append('<p class="note">' + escape(t("compare.note", lang, thr=thr)) + "</p>\n")
    return fill("compare.html", lang=t("compare.html_lang", lang), title=escape(title),
                css=template("compare.css"), body="".join(out))


def _name(m: dict[str, Any], lang: str) -> str:
    name = f'{m.get("prefecture", "")} {m["name"] or m["slug"]}'.strip()
    return name + (t("compare.draft", lang) if m.get("draft") else "")


def _coverage_table(data: dict[str, Any], lang: str) -> list[str]:
    """The heat map: one row per municipality, one coloured cell per need."""
    li = 1 if lang == "en" else 0
    needs, labels = data["needs"], data["need_labels"]
    out = ["<h2>" + t("compare.coverage", lang) + "</h2>\n<table>\n<thead><tr>"
           f'<th class="name">{t("compare.municipality", lang)}</th>'
           f'<th>{t("compare.population", lang)}</th>']
    for c in needs:
        out.append(f'<th class="need" title="{escape(c)}">{escape(labels[c][li])}</th>')
    out.append("</tr></thead>\n<tbody>\n")
    for m in data["municipalities"]:
        name = _name(m, lang)
        out.append(f'<tr><td class="name" title="{escape(m["slug"])} {escape(m["code"])}">'
                   f'{escape(name)}</td><td class="num">{_fmt(m["population"])}</td>')
        for c in needs:
            k = m["providers"][c]
            bg, fg = cell_colour(k)
            per = m["per_10k"][c]
            tip = f"{name} · {labels[c][li]} · " + (
                t("compare.per_10k", lang, per=per) if per is not None else
                t("compare.population_unknown", lang))
            out.append(f'<td style="background:{bg};color:{fg}" title="{escape(tip)}">{k}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return out


def _scores_table(data: dict[str, Any], lang: str) -> list[str]:
    """The network scores side by side (:data:`netmap.analysis.compare.SCORE_LABELS`)."""
    li = 1 if lang == "en" else 0
    out = ["<h2>" + t("compare.scores", lang) + "</h2>\n<table>\n<thead><tr>"
           f'<th class="name">{t("compare.municipality", lang)}</th>']
    for key in SCORE_LABELS:
        out.append(f"<th>{escape(SCORE_LABELS[key][li])}</th>")
    out.append("</tr></thead>\n<tbody>\n")
    for m in data["municipalities"]:
        out.append(f'<tr><td class="name">{escape(_name(m, lang))}</td>')
        for key in SCORE_LABELS:
            out.append(f'<td class="num">{_fmt(m["scores"].get(key))}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return out
