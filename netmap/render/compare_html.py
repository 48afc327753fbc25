"""The comparison as one offline HTML page: a heat map of municipalities × needs and the
network scores side by side.

Plain HTML and CSS, no script and no external resource, so the file opens from a USB stick
on a locked-down office PC. The scale runs from orange (dark: a need nobody covers; light: a
single provider) to blue (darker with more providers), ColorBrewer's PuOr/RdBu ends (Brewer
2003), which stay apart under protanopia, deuteranopia and tritanopia — a red→green scale
collapses for deuteranopes. The page is built from ``templates/compare.html`` by the one
loader, :mod:`netmap.render.page`.
"""

from __future__ import annotations

from html import escape
from typing import Any

from netmap.analysis.compare import SCORE_LABELS
from netmap.render.page import fill, template

__all__ = ["render_compare_html", "cell_colour", "SCALE"]

#: (smallest number of providers, background, text colour, Japanese, English) — the scale.
SCALE: tuple[tuple[int, str, str, str, str], ...] = (
    (0, "#b35806", "#ffffff", "なし（未対応）", "none (uncovered)"),
    (1, "#f1a340", "#000000", "1か所のみ", "one provider (thin)"),
    (2, "#e3eef8", "#000000", "2か所", "2"),
    (3, "#92c5de", "#000000", "3〜4か所", "3–4"),
    (5, "#4393c3", "#ffffff", "5〜9か所", "5–9"),
    (10, "#2166ac", "#ffffff", "10か所以上", "10 or more"),
)

def cell_colour(providers: int) -> tuple[str, str]:
    """Background and text colour of a heat-map cell for a number of providers.

    >>> cell_colour(0), cell_colour(4), cell_colour(12)
    (('#b35806', '#ffffff'), ('#92c5de', '#000000'), ('#2166ac', '#ffffff'))
    """
    bg, fg = SCALE[0][1], SCALE[0][2]
    for low, b, f, _, _ in SCALE:
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
    en = lang == "en"
    li = 1 if en else 0
    needs = data["needs"]
    labels = data["need_labels"]
    munis = data["municipalities"]
    title = title or ("Support coverage by municipality" if en else "自治体別 ニーズ対応状況")
    out = [f"<h1>{escape(title)}</h1>\n"]
    synthetic = sum(1 for m in munis if m.get("synthetic"))
    out.append(f'<p class="note">{len(munis)} '
               + ("municipalities" if en else "自治体") + " × " + f"{len(needs)} "
               + ("needs. Cell: organisations covering the need (directly or through a "
                  "program); tooltip: per 10,000 people." if en else
                  "ニーズ。セルの数字は対応する機関・団体の数（直接または事業を通じて）。"
                  "マウスを重ねると人口1万人あたりの数。")
               + (f" {synthetic} " + ("synthetic datasets." if en else "件は合成データです。")
                  if synthetic else "") + "</p>\n")
    out.append('<p class="legend">')
    for _, bg, fg, ja, en_label in SCALE:
        out.append(f'<span style="background:{bg};color:{fg}">{escape(en_label if en else ja)}'
                   "</span>")
    out.append("</p>\n")

    out.append('<h2>' + ("Coverage" if en else "ニーズ別の対応機関数") + "</h2>\n<table>\n<thead><tr>"
               f'<th class="name">{"Municipality" if en else "自治体"}</th>'
               f'<th>{"Population" if en else "人口"}</th>')
    for c in needs:
        out.append(f'<th class="need" title="{escape(c)}">{escape(labels[c][li])}</th>')
    out.append("</tr></thead>\n<tbody>\n")
    draft = " (draft)" if en else "（下書き）"
    for m in munis:
        name = f'{m.get("prefecture", "")} {m["name"] or m["slug"]}'.strip()
        name += draft if m.get("draft") else ""
        out.append(f'<tr><td class="name" title="{escape(m["slug"])} {escape(m["code"])}">'
                   f'{escape(name)}</td><td class="num">{_fmt(m["population"])}</td>')
        for c in needs:
            k = m["providers"][c]
            bg, fg = cell_colour(k)
            per = m["per_10k"][c]
            tip = f'{name} · {labels[c][li]} · ' + (
                f'{per:.3f} / 1万人' if per is not None and not en else
                f'{per:.3f} per 10,000' if per is not None else
                ("population unknown" if en else "人口不明"))
            out.append(f'<td style="background:{bg};color:{fg}" title="{escape(tip)}">{k}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")

    out.append("<h2>" + ("Network scores" if en else "ネットワーク指標") + "</h2>\n<table>\n<thead><tr>"
               f'<th class="name">{"Municipality" if en else "自治体"}</th>')
    for key in SCORE_LABELS:
        out.append(f"<th>{escape(SCORE_LABELS[key][li])}</th>")
    out.append("</tr></thead>\n<tbody>\n")
    for m in munis:
        name = f'{m.get("prefecture", "")} {m["name"] or m["slug"]}'.strip()
        name += draft if m.get("draft") else ""
        out.append(f'<tr><td class="name">{escape(name)}</td>')
        for key in SCORE_LABELS:
            out.append(f'<td class="num">{_fmt(m["scores"].get(key))}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    thr = data.get("broker_threshold")
    out.append('<p class="note">' + escape(
        f"Brokers: organisations on at least {thr:.0%} of the shortest paths between other "
        "organisations (normalised betweenness). Hub reach: share of organisations within 2 "
        "ties of the 自立相談支援機関." if en else
        f"つなぎ役: 他の機関どうしを結ぶ最短経路の {thr:.0%} 以上が通る機関（媒介中心性）。"
        "司令塔から2歩: 自立相談支援機関から2つ以内のつながりで届く機関の割合。")
        + "</p>\n")
    return fill("compare.html", lang="en" if en else "ja", title=escape(title),
                css=template("compare.css"), body="".join(out))
