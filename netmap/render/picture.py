"""Static pictures of the map: SVG drawn in Python, PNG screenshot from headless Chromium.

Why one module of ~520 lines: the SVG is written out element by element (edges, nodes,
labels, legend, gap list) in small functions that share one coordinate transform; they are
one picture and change together.

* **SVG** is built here, with no browser, from the same page data as the HTML map
  (:func:`netmap.render.map.map_data`: same positions, sizes, gap and broker marks) and the same
  styling rules (:data:`netmap.render.style.STYLES`), with a legend column on the right. Every
  text is XML-escaped.
* **PNG** is a screenshot of the HTML map itself in headless Chromium (Debian's
  ``/usr/bin/chromium``, driven by Playwright; install with ``scripts/setup-browser``), with the
  controls and panel hidden, so the picture is exactly what the page draws. Network access is
  blocked while the page renders.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import networkx as nx

from netmap.analysis.marks import GAP_GROUPS
from netmap.io.output import atomic_output, write_text
from netmap.model import Network
from netmap.render.labels import Label, place, wrap
from netmap.render.map import map_data, write_map

__all__ = ["write_picture", "render_svg", "screenshot", "CHROMIUM_ARGS", "chromium_path"]

#: Flags for headless Chromium: no sandbox (containers), no GPU, nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
_FONT = "'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif"


def chromium_path() -> str:
    """The Chromium executable: ``$NETMAP_CHROMIUM`` or Debian's ``/usr/bin/chromium``."""
    return os.environ.get("NETMAP_CHROMIUM", "/usr/bin/chromium")


def write_picture(
    G: Network | nx.MultiDiGraph[Any],
    out: Path | str,
    fmt: str | None = None,
    *,
    width: int = 1980,
    height: int = 1400,
    **kw: Any,
) -> Path:
    """Write a static picture of the map as PNG or SVG.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The typed graph (FORMAT.md, last section).
    out : path
        Output file.
    fmt : {"png", "svg"}, optional
        Picture format; by default taken from the suffix of ``out``.
    width, height : int
        Picture size in pixels (default: A3 landscape proportions).
    **kw
        ``analysis``, ``lang``, ``size_by``, ``redact``, ``seed`` as for
        :func:`netmap.render.map.render_map`.

    Returns
    -------
    pathlib.Path
        ``out``.

    Notes
    -----
    PNG needs the ``playwright`` Python package and Chromium (``scripts/setup-browser``); SVG
    needs nothing beyond netmap.
    """
    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "svg":
        write_text(out, render_svg(G, width=width, height=height, **kw))
    elif fmt == "png":
        with tempfile.TemporaryDirectory(prefix="netmap-") as tmp:
            page = write_map(G, Path(tmp) / "map.html", **kw)
            with atomic_output(out) as part:
                screenshot(page, part, width=width, height=height)
    else:
        raise ValueError(f"picture format must be 'png' or 'svg', not {fmt!r}")
    return out


def screenshot(html_file: Path, out: Path, width: int = 1980, height: int = 1400) -> list[str]:
    """Screenshot an HTML map file in headless Chromium, network blocked.

    Returns the list of URLs the page tried to fetch outside ``file://`` (all blocked; it
    should be empty). Runs in a worker thread, so it also works where an asyncio loop is
    already running (Jupyter, or inside another Playwright session).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_screenshot, html_file, out, width, height).result()


def block_network(page: Any, blocked: list[str] | None = None) -> list[str]:
    """Abort every request of a Playwright ``page`` that would leave the file (anything but
    ``file:``, ``data:`` and ``blob:``); return the list the blocked URLs are added to."""
    blocked = blocked if blocked is not None else []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", guard)
    return blocked


def _screenshot(html_file: Path, out: Path, width: int, height: int) -> list[str]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "PNG pictures need the 'playwright' package (pip install playwright) and Chromium "
            "(scripts/setup-browser); or write an SVG instead"
        ) from exc
    exe = chromium_path()
    if not Path(exe).exists():
        raise RuntimeError(f"Chromium not found at {exe}: run scripts/setup-browser as root")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            blocked = block_network(page)
            page.goto(Path(html_file).resolve().as_uri())
            page.wait_for_function("window.netmap && window.netmap.ready", timeout=120_000)
            page.evaluate(
                "() => { document.body.classList.add('netmap-snapshot');"
                " window.netmap.network.redraw(); window.netmap.network.fit({animation:false}); }"
            )
            page.wait_for_timeout(200)
            page.screenshot(path=str(out), type="png", full_page=False)
        finally:
            browser.close()
    return blocked


# --------------------------------------------------------------------------- SVG


def render_svg(
    G: Network | nx.MultiDiGraph[Any],
    width: int = 1980,
    height: int = 1400,
    labels: bool | None = None,
    label_px: float = 12.0,
    **kw: Any,
) -> str:
    """Draw the map as an SVG document (same positions and styles as the HTML map).

    Parameters
    ----------
    labels : bool, optional
        Draw the names of programs, meetings, roles and covered needs too. By default when
        the graph has at most 400 nodes. Organisation, hub and gap names are always candidates.
    label_px : float
        Font size of the names in picture units; the report uses a size that prints at
        ≥ 7 pt. Names are placed by :func:`netmap.render.labels.place`: none overlap, the less
        important of two is left out.

    Examples
    --------
    >>> G = nx.MultiDiGraph(name="座間市")
    >>> G.add_node("a", node_type="organisation", name="<script>", sector="npo", hub=True)
    >>> svg = render_svg(G)
    >>> svg.startswith("<svg") and "&lt;script&gt;" in svg and "<script>" not in svg
    True
    """
    data = map_data(G, **kw)
    styles = data["styles"]
    ui, lang = data["ui"], data["meta"]["lang"]
    nodes = data["nodes"]
    if labels is None:
        labels = len(nodes) <= 400
    legend_w = 330
    map_w = width - legend_w
    tx, ty, k = _fit(nodes, map_w, height)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_FONT}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        "<defs>",
    ]
    for etype, st in styles["edge_types"].items():
        out.append(
            f'<marker id="arrow-{etype}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
            f'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{st["color"]}" fill-opacity="{max(st["opacity"], 0.5)}"/></marker>'
        )
    out.append("</defs>")
    title = " ".join(
        str(v) for v in (data["meta"]["municipality"].get("prefecture"),
                         data["meta"]["municipality"].get("name"), ui["title"]) if v
    )
    out.append(f'<text x="16" y="28" font-size="20" font-weight="bold">{escape(title)}</text>')
    out += _svg_edges(data, tx, ty, k)
    node_lines, discs = _svg_nodes(data, tx, ty, k)
    out += node_lines
    out.append(_svg_labels(data, labels, label_px, tx, ty, k, discs, map_w, height))
    out.append(_svg_legend(data, map_w, legend_w, lang, ui))
    out.append("</svg>")
    return "\n".join(out) + "\n"


_Transform = Callable[[float], float]

#: Label priority of a gap need by its group (lower is named first), as map.js ``priorityOf``
#: and the gap list: nobody covers it, then probably unrecorded; anything else (thin, a single
#: provider) 1.2.
_GAP_PRIORITY = {"uncovered": 1.0, "probably_unrecorded": 1.1}

#: Least distance (picture units) from a name's box to the map area's border, as map.js's
#: ``edge: 4``: the white halo round the letters (stroke of size/4, so 1.5–2.2 units stick out
#: at the 12–17.5 unit sizes drawn) stays on the sheet, with a unit or two to spare for the
#: estimated text widths (:func:`netmap.render.labels.em_width`).
_LABEL_EDGE = 4.0


def _fit(nodes: list[dict[str, Any]], map_w: float, height: float
         ) -> tuple[_Transform, _Transform, float]:
    """Map coordinates → picture coordinates: the whole network fits the map area (40 px
    margin), never enlarged more than 1.5×; returns x and y transforms and the scale."""
    pad = 40.0
    if nodes:
        xs = [n["x"] for n in nodes]
        ys = [n["y"] for n in nodes]
        min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    else:
        min_x = max_x = min_y = max_y = 0.0
    span_x, span_y = max(max_x - min_x, 1.0), max(max_y - min_y, 1.0)
    k = min((map_w - 2 * pad) / span_x, (height - 2 * pad) / span_y, 1.5)
    off_x = pad + ((map_w - 2 * pad) - span_x * k) / 2
    off_y = pad + ((height - 2 * pad) - span_y * k) / 2

    def tx(x: float) -> float:
        return round(float(off_x + (x - min_x) * k), 1)

    def ty(y: float) -> float:
        return round(float(off_y + (y - min_y) * k), 1)

    return tx, ty, k


def _svg_edges(data: dict[str, Any], tx: _Transform, ty: _Transform, k: float) -> list[str]:
    """The links as lines that stop at the target's rim (so an arrow head shows)."""
    styles = data["styles"]
    by_id = {n["id"]: n for n in data["nodes"]}
    out = ['<g id="edges">']
    for e in data["edges"]:
        a, b = by_id.get(e["from"]), by_id.get(e["to"])
        if a is None or b is None or a is b:
            continue
        st = styles["edge_types"].get(e["type"], {"color": "#9e9e9e", "opacity": 0.6,
                                                    "width": 1.0, "dashes": False,
                                                    "arrow": False})
        x1, y1, x2, y2 = tx(a["x"]), ty(a["y"]), tx(b["x"]), ty(b["y"])
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        rb = max(2.5, b["size"] * k) + 1.0  # stop at the target's rim so the arrow shows
        x2, y2 = round(x2 - (x2 - x1) * rb / length, 1), round(y2 - (y2 - y1) * rb / length, 1)
        dash = f' stroke-dasharray="{" ".join(str(d) for d in st["dashes"])}"' if st["dashes"] else ""
        arrow = f' marker-end="url(#arrow-{e["type"]})"' if st["arrow"] else ""
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{st["color"]}" '
            f'stroke-opacity="{st["opacity"]}" stroke-width="{st["width"]}"{dash}{arrow}/>'
        )
    out.append("</g>")
    return out


def _svg_nodes(data: dict[str, Any], tx: _Transform, ty: _Transform, k: float
               ) -> tuple[list[str], list[tuple[str, float, float, float]]]:
    """The nodes (big ones drawn last, on top) with gap icons; and their discs for labels."""
    styles = data["styles"]
    out = ['<g id="nodes">']
    discs: list[tuple[str, float, float, float]] = []
    for n in sorted(data["nodes"], key=lambda n: (n["hub"], n["size"])):  # big ones on top
        fill, stroke, stroke_w, shape = _node_paint(n, styles)
        r = max(2.5, n["size"] * k)
        out.append(_shape(shape, tx(n["x"]), ty(n["y"]), r, fill, stroke, stroke_w,
                          escape(n["name"]), dashed=n.get("gap") == "thin"))
        if n.get("gap"):  # the gap's icon inside the node, as on the live map
            mark = styles["marks"][n["gap"]]
            out.append(f'<text x="{tx(n["x"])}" y="{round(ty(n["y"]) + r * 0.4, 1)}" '
                       f'font-size="{round(r * 1.1, 1)}" font-weight="bold" text-anchor="middle" '
                       f'fill="{mark["glyph_color"]}">{escape(mark["glyph"])}</text>')
        discs.append((n["id"], tx(n["x"]), ty(n["y"]), r))
    out.append("</g>")
    return out, discs


def _svg_labels(data: dict[str, Any], labels: bool, size: float, tx: Any, ty: Any, k: float,
                discs: list[tuple[str, float, float, float]], width: float,
                height: float) -> str:
    """The names, placed without overlaps (hub, gaps, brokers, organisations first) by the
    rules of map.js ``labelItems``: among the gaps, the needs nobody covers are named first,
    then the probably unrecorded, then the single-provider ones (the gap list's order); a hub or
    gap name covers another node only when no spot clear of them is left, and a hub or gap
    sign only when nothing else is."""
    ui, marks = data["ui"], data["styles"]["marks"]
    items = []
    for n in data["nodes"]:
        org = n["node_type"] == "organisation"
        if not (org or n.get("gap") or labels):
            continue
        text = (f'{marks[n["gap"]]["icon"]} ' if n.get("gap") else "") + n["label"]
        lines = wrap(f"★ {text}" if n["hub"] else text, 9, 4 if n["hub"] else 2)
        if n["hub"]:
            lines.append(f'（{ui["hub"]}）')
        priority = (0 if n["hub"] else _GAP_PRIORITY.get(n["gap"], 1.2) if n.get("gap") else
                    3 + n["broker_rank"] / 100 if n.get("broker_rank") else
                    5 + 1 / (1 + n["size"]) if org else 7 + 1 / (1 + n["size"]))
        items.append(Label(n["id"], tx(n["x"]), ty(n["y"]), max(2.5, n["size"] * k),
                           tuple(lines), size * (1.25 if n["hub"] else 1.0), priority,
                           free=bool(n["hub"] or n.get("gap"))))
    signs = {n["id"] for n in data["nodes"] if n["hub"] or n.get("gap")}
    out = ['<g id="labels">']
    for p in place(items, width, height, discs, edge=_LABEL_EDGE, marked=signs):
        anchor, x = (("middle", p.x + p.w / 2) if p.pos < 2 else
                     ("start", p.x) if p.pos == 2 else ("end", p.x + p.w))
        node = next(n for n in data["nodes"] if n["id"] == p.label.id)
        colour = marks["uncovered"]["text"] if node.get("gap") == "uncovered" else "#111111"
        weight = ' font-weight="bold"' if node["hub"] or node.get("gap") else ""
        for i, line in enumerate(p.label.lines):
            y = round(p.y + (i + 0.85) * p.label.size * 1.2, 1)
            out.append(f'<text class="label" x="{round(x, 1)}" y="{y}" font-size="{p.label.size}"'
                       f' text-anchor="{anchor}" fill="{colour}"{weight} stroke="#ffffff" '
                       f'stroke-width="{round(p.label.size / 4, 1)}" paint-order="stroke">'
                       f"{escape(line)}</text>")
    out.append("</g>")
    return "\n".join(out)


def _node_paint(n: dict[str, Any], styles: dict[str, Any]) -> tuple[str, str, float, str]:
    """Fill, stroke, stroke width and shape of a node: the rules of map.js, in Python."""
    kinds, marks = styles["node_types"], styles["marks"]
    spec = kinds.get(n["node_type"], kinds["organisation"])
    if n["node_type"] == "organisation":
        fill = styles["sectors"].get(n.get("sector") or "other", styles["sectors"]["other"])["color"]
    elif n.get("gap"):
        fill = marks[n["gap"]]["color"]
    else:
        fill = spec["color"]
    if n.get("broker_rank"):
        stroke, width = marks["broker"]["color"], 4.0
    elif n["hub"]:
        stroke, width = marks["hub"]["border"], 4.0
    elif n.get("gap"):
        stroke, width = marks[n["gap"]]["border"], 3.0
    else:
        stroke, width = spec["border"], 1.2
    shape = marks["hub"]["shape"] if n["hub"] else spec["shape"]
    return fill, stroke, width, shape


def _shape(shape: str, x: float, y: float, r: float, fill: str, stroke: str, sw: float,
           title: str, dashed: bool = False) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"'
    if dashed:
        paint += ' stroke-dasharray="4 2"'
    tip = f"<title>{title}</title>"
    if shape == "dot":
        return f'<circle cx="{x}" cy="{y}" r="{round(r, 1)}" {paint}>{tip}</circle>'
    if shape == "square":
        pts = [(-r, -r), (r, -r), (r, r), (-r, r)]
    elif shape == "diamond":
        pts = [(0, -r), (r, 0), (0, r), (-r, 0)]
    elif shape == "triangle":
        pts = [(0, -r), (r * 0.87, r * 0.5), (-r * 0.87, r * 0.5)]
    elif shape == "hexagon":
        pts = [(r * math.cos(a), r * math.sin(a)) for a in (i * math.pi / 3 for i in range(6))]
    elif shape == "star":
        pts = [
            ((r if i % 2 == 0 else r * 0.45) * math.cos(-math.pi / 2 + i * math.pi / 5),
             (r if i % 2 == 0 else r * 0.45) * math.sin(-math.pi / 2 + i * math.pi / 5))
            for i in range(10)
        ]
    else:
        return f'<circle cx="{x}" cy="{y}" r="{round(r, 1)}" {paint}>{tip}</circle>'
    points = " ".join(f"{round(x + dx, 1)},{round(y + dy, 1)}" for dx, dy in pts)
    return f'<polygon points="{points}" {paint}>{tip}</polygon>'


def _gap_note(nd: dict[str, Any], ui: dict[str, str], names: dict[str, str]) -> str:
    """What the gap list says after a need's name, as map.js ``gapText`` does."""
    if nd["gap"] == "uncovered":
        return ui["gap_uncovered"]
    if nd["gap"] == "probably_unrecorded":
        ask = f" — {ui['gap_ask']}: " + "、".join(nd["ask"]) if nd.get("ask") else ""
        return ui["gap_unrecorded"] + ask
    return "、".join(names.get(p, p) for p in nd.get("sole") or []) + ui["gap_only"]


def _svg_gap_list(data: dict[str, Any], w: float, y: float) -> tuple[list[str], float]:
    """The 「すき間」 list of the legend column, under the group headings `netmap gaps` prints
    (no provider, 未登録の可能性, a single service; each with its count), wrapped to its width;
    returns the lines and the next free y."""
    styles, ui = data["styles"], data["ui"]
    gaps = [nd for nd in data["needs"] if nd.get("gap")]
    order = list(GAP_GROUPS)  # grouped as `netmap gaps` prints them
    gaps.sort(key=lambda nd: (order.index(nd["gap"]), nd["code"]))
    parts: list[str] = []
    if not gaps:
        return parts, y
    names = {n["id"]: n["label"] for n in data["nodes"]}  # name_en in English
    parts.append(f'<text x="16" y="{y}" font-size="16" font-weight="bold" '
                 f'fill="{styles["marks"]["uncovered"]["text"]}">'
                 f'{escape(ui["gap_list_n"].format(n=len(gaps)))}</text>')
    y += 22
    group = None
    for nd in gaps:
        if nd["gap"] != group:  # a heading where a group starts
            group = nd["gap"]
            n = sum(1 for g in gaps if g["gap"] == group)
            for line in wrap(f'{ui["gap_group_" + group]} ({n})', (w - 30) / 11, 2):
                parts.append(f'<text x="16" y="{y}" font-size="11" font-weight="bold" '
                             f'fill="#37474f">{escape(line)}</text>')
                y += 14
            y += 2
        mark = styles["marks"][nd["gap"]]
        note = _gap_note(nd, ui, names)
        for i, line in enumerate(wrap(f'{nd["label"]} — {note}', (w - 50) / 12, 3)):
            if i == 0:
                parts.append(f'<text x="16" y="{y}" font-size="12" font-weight="bold" '
                             f'fill="{mark["text"]}">{escape(mark["icon"])}</text>')
            parts.append(f'<text x="34" y="{y}" font-size="12">{escape(line)}</text>')
            y += 16
        y += 3
    return parts, y + 6


def _svg_legend(data: dict[str, Any], x0: float, w: float, lang: str, ui: dict[str, str]) -> str:
    styles = data["styles"]
    sectors = {n.get("sector") for n in data["nodes"] if n.get("sector")}
    kinds = {n["node_type"] for n in data["nodes"]}
    etypes = {e["type"] for e in data["edges"]}
    parts = [f'<g id="legend" transform="translate({x0},0)">',
             f'<rect x="0" y="0" width="{w}" height="100%" fill="#fafafa" stroke="#cfd8dc"/>',
             f'<text x="16" y="32" font-size="18" font-weight="bold">{escape(ui["legend"])}</text>']
    y = 60.0

    def head(text: str) -> None:
        nonlocal y
        y += 8
        parts.append(f'<text x="16" y="{y}" font-size="13" font-weight="bold" fill="#455a64">'
                     f"{escape(text)}</text>")
        y += 20

    def item(glyph: str, text: str) -> None:
        nonlocal y
        parts.append(glyph)
        parts.append(f'<text x="56" y="{y + 4}" font-size="13">{escape(text)}</text>')
        y += 22

    gap_lines, y = _svg_gap_list(data, w, y)  # the gap list first: what the meeting is about
    parts += gap_lines
    head(ui["legend_sectors"])
    for code, st in styles["sectors"].items():
        if code in sectors:
            item(_shape("dot", 30, y, 7, st["color"], "#263238", 1, ""), st[lang])
    head(ui["legend_kinds"])
    for code, st in styles["node_types"].items():
        if code in kinds:
            item(_shape(st["shape"], 30, y, 7, st["color"], st["border"], 1, ""), st[lang])
    head(ui["legend_edges"])
    for code, st in styles["edge_types"].items():
        if code in etypes:
            dash = (f' stroke-dasharray="{" ".join(str(d) for d in st["dashes"])}"'
                    if st["dashes"] else "")
            arrow = f' marker-end="url(#arrow-{code})"' if st["arrow"] else ""
            item(f'<line x1="14" y1="{y}" x2="46" y2="{y}" stroke="{st["color"]}" '
                 f'stroke-opacity="{max(st["opacity"], 0.45)}" '
                 f'stroke-width="{max(st["width"], 1.0)}"{dash}{arrow}/>', st[lang])
    head(ui["legend_marks"])
    marks = styles["marks"]
    if any(n["hub"] for n in data["nodes"]):
        item(_shape("star", 30, y, 8, "#ffffff", marks["hub"]["border"], 2, ""), marks["hub"][lang])
    if data["meta"]["has_gaps"]:
        shown = {nd.get("gap") for nd in data["needs"]}
        for gap in [g for g in GAP_GROUPS if g != "probably_unrecorded" or g in shown]:
            mk = marks[gap]
            item(_shape(mk["shape"], 30, y, 8, mk["color"], mk["border"], 2, "",
                        dashed=gap == "thin")
                 + f'<text x="30" y="{y + 4}" font-size="10" font-weight="bold" '
                 f'text-anchor="middle" fill="{mk["glyph_color"]}">{escape(mk["glyph"])}</text>',
                 mk[lang])
    if data["meta"]["has_brokers"]:
        item(_shape("dot", 30, y, 7, "#ffffff", marks["broker"]["color"], 3, ""),
             marks["broker"][lang])
    item(_shape("dot", 30, y, 7, "#b0bec5", "#263238", 1, ""),
         f'{ui["legend_size"]} = {data["meta"]["size_label"]}')
    parts.append("</g>")
    return "\n".join(parts)

