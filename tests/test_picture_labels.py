"""The names on the static SVG picture (netmap.render.labels + picture.py) follow the live map's
rules (templates/labels.js ``place``, map.js ``priorityOf`` / ``labelItems``).

The three rules, each on a tiny layout invented here (coordinates chosen by hand, the boxes
worked out in each test's comment from labels.py's sizes: a CJK character is one em, a line
1.2 em high, the label 0.2 em from its node's rim): (1) a name keeps its halo ``edge`` units
inside the drawing area; (2) among gap needs, the uncovered are named first, then the probably
unrecorded, then the single-provider ones; (3) a hub or gap name takes a spot clear of all nodes,
else one that covers no hub or gap sign, else any. Then the picture of datasets/zama, measured
in headless Chromium: every name and its halo inside the viewBox, every uncovered need named.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import DATASETS, in_ci

from netmap.analysis.brokers import brokers
from netmap.analysis.gaps import gaps
from netmap.analysis.marks import marks
from netmap.io.dataset import load_dataset
from netmap.render.labels import Label, place
from netmap.render.map import map_data
from netmap.render.picture import _svg_labels, render_svg
from netmap.taxonomy import load_taxonomy

CHROMIUM = Path("/usr/bin/chromium")


# -- rule 1: the edge --------------------------------------------------------------------------
def test_name_keeps_its_halo_inside_the_edge() -> None:
    """「あいう」 at 10 units is 30 × 12. Below or above its node at x = 16 (r = 3) the box
    starts at x = 16 − 15 = 1: inside the area, but 1 < edge 4, so the halo would be cut at
    the left border; the next candidate, right of the node, starts at 16 + 3 + 2 = 21."""
    lab = Label("n", 16, 50, 3, ("あいう",), 10, 0)
    (p,) = place([lab], 200, 100, edge=4)
    assert (p.pos, p.x) == (2, 21)
    assert p.x >= 4 and p.y >= 4 and p.x + p.w <= 196 and p.y + p.h <= 96


def test_name_with_no_spot_inside_the_edge_is_left_out() -> None:
    """The same label in a 38 × 100 area: every candidate (x = 1, 1, 21 → 51, −17) crosses
    the 4-unit edge, so the name is not drawn rather than drawn cut."""
    lab = Label("n", 16, 50, 3, ("あいう",), 10, 0)
    assert place([lab], 38, 100, edge=4) == []
    assert len(place([lab], 38, 100)) == 1  # no edge asked: the box at x = 1 is taken


# -- rule 2: the order of the gap needs --------------------------------------------------------
def test_uncovered_needs_are_named_before_unrecorded_before_thin() -> None:
    """Three gap needs on one spot (100, 100), r = 3, in a 200 × 200 area: the first name
    takes the spot below, the second the one above; right and left (y 94–106) cross the box
    below (from y = 105), so the third is left out. By id, 債務 (need:debt, thin) would come
    first; the gap list's order names ひきこもり (uncovered), then 法律 (probably unrecorded)."""
    analysis = {"uncovered": ["hikikomori"], "thin": [{"need": "debt", "providers": ["s"]}],
                "probably_unrecorded": [{"need": "legal", "ask": []}]}
    data = map_data(_gap_graph(), analysis=analysis)
    data["nodes"] = [dict(n, x=100.0, y=100.0, size=3.0) for n in data["nodes"] if n.get("gap")]
    assert sorted(n["gap"] for n in data["nodes"]) == ["probably_unrecorded", "thin", "uncovered"]
    svg = _svg_labels(data, True, 10.0, lambda x: x, lambda y: y, 1.0,
                      [(n["id"], 100.0, 100.0, 3.0) for n in data["nodes"]], 200.0, 200.0)
    named = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', svg)
    assert named == ["！ ひきこもり", "？ 法律"]


def _gap_graph() -> Any:
    """Three needs and one organisation covering debt (so debt has one provider)."""
    import networkx as nx

    G = nx.MultiDiGraph(code="142166", name="座間市", prefecture="神奈川県")
    for code, ja in (("hikikomori", "ひきこもり"), ("legal", "法律"), ("debt", "債務")):
        G.add_node(f"need:{code}", node_type="need", code=code, name=ja, label_ja=ja,
                   label_en=code, evidence="datasets/needs.csv")
    G.add_node("s", node_type="organisation", name="社協", sector="shakyo", evidence="x:1")
    G.add_edge("s", "need:debt", type="covers", evidence="x:1")
    return G


# -- rule 3: what a free name may cover --------------------------------------------------------
#: 「あいう」 at 10 units round a gap node at (100, 100), r = 3: the box below spans y 105–117,
#: above 83–95, right x 105–135, left x 65–95. A disc of r = 3 at (100, 111), (100, 89),
#: (120, 100), (80, 100) lies in exactly one of them.
BELOW, ABOVE, RIGHT, LEFT = (100, 111), (100, 89), (120, 100), (80, 100)


@pytest.mark.parametrize("plain,signs,expected", [
    # a sign below, plain nodes above and right: left is clear of every node
    ([ABOVE, RIGHT], [BELOW], 3),
    # plain nodes above, right and left, a sign below: above covers no sign
    ([ABOVE, RIGHT, LEFT], [BELOW], 1),
    # signs all round: the name must show, so the first spot
    ([], [BELOW, ABOVE, RIGHT, LEFT], 0),
])
def test_free_name_covers_nodes_only_as_a_last_resort(
        plain: list[tuple[int, int]], signs: list[tuple[int, int]], expected: int) -> None:
    discs = [(f"p{i}", x, y, 3.0) for i, (x, y) in enumerate(plain)]
    discs += [(f"s{i}", x, y, 3.0) for i, (x, y) in enumerate(signs)]
    discs.append(("gap", 100.0, 100.0, 3.0))
    marked = {f"s{i}" for i in range(len(signs))} | {"gap"}
    free = Label("gap", 100, 100, 3, ("あいう",), 10, 1, free=True)
    (p,) = place([free], 200, 200, discs, marked=marked)
    assert p.pos == expected
    # a name that is not free never covers a node: with a node in every spot it is left out
    plain_label = Label("gap", 100, 100, 3, ("あいう",), 10, 1)
    if len(plain) + len(signs) == 4:
        assert place([plain_label], 200, 200, discs, marked=marked) == []


# -- the picture of datasets/zama, measured in Chromium ----------------------------------------
@pytest.fixture(scope="module")
def zama_analysis() -> tuple[Any, dict[str, Any]]:
    net = load_dataset(DATASETS / "zama")
    g = gaps(net, stability_runs=0, null_samples=10)
    return net, {"gaps": g, "marks": marks(g, brokers(net))}


@pytest.mark.browser
@pytest.mark.parametrize("width,height,label_px", [
    (1980, 1400, 12.0),  # write_picture's SVG (render_svg's defaults)
    (1000, 700, 14.0),  # the report's figure (report.FIGURE, FIGURE_LABEL)
])
def test_zama_picture_names_fit_and_name_every_uncovered_need(
        zama_analysis: tuple[Any, dict[str, Any]], tmp_path: Path, width: int, height: int,
        label_px: float) -> None:
    """Every name's box as Chromium lays it out (getBBox, grown by half its halo's
    stroke-width on each side) lies inside the viewBox and left of the legend panel; the
    uncovered needs of `netmap gaps datasets/zama` (セルフネグレクト・ゴミ屋敷, 再犯防止,
    外国籍・言語, as tests/test_report.py lists them) are all named."""
    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    from netmap.render.picture import CHROMIUM_ARGS

    net, a = zama_analysis
    svg = render_svg(net, width=width, height=height, analysis=a["marks"], seed=1,
                     label_px=label_px)
    legend = re.search(r'<g id="legend" transform="translate\(([\d.]+),0\)">', svg)
    assert legend, "no legend panel"
    (tmp_path / "zama.svg").write_text(svg, encoding="utf-8")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = b.new_page(viewport={"width": width, "height": height})
        page.goto((tmp_path / "zama.svg").resolve().as_uri())
        boxes = page.evaluate("""() => Array.from(document.querySelectorAll('text.label'), t => {
            const b = t.getBBox(), s = parseFloat(t.getAttribute('stroke-width')) / 2;
            return {text: t.textContent, x0: b.x - s, y0: b.y - s,
                    x1: b.x + b.width + s, y1: b.y + b.height + s};
        })""")
        b.close()
    assert len(boxes) >= 20, "too few names"
    outside = [bx for bx in boxes if bx["x0"] < 0 or bx["y0"] < 0 or bx["x1"] > width
               or bx["y1"] > height]
    assert not outside, outside
    under_legend = [bx for bx in boxes if bx["x1"] > float(legend.group(1))]
    assert not under_legend, under_legend
    tax = load_taxonomy()
    uncovered = [tax.needs[c].label_ja for c in a["gaps"]["uncovered"]]
    assert uncovered == ["セルフネグレクト・ゴミ屋敷", "再犯防止", "外国籍・言語"]
    texts = [bx["text"] for bx in boxes]
    for label in uncovered:
        # a name wraps at about 9 em and may be cut with "…": its first line carries the start
        assert any(t.startswith("！ ") and label.startswith(t[2:].rstrip("…")) for t in texts), (
            label, [t for t in texts if t.startswith("！")])
